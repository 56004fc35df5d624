/**
 * The `recueil photo scan IMAGE --json [--out FILE]` contract, as an outside check calls it: a
 * simulator scan gives { found, skewDegrees, token, report } with the report in the shape of
 * `photo check` and the token JPEG written; a scan with no photo or a truncated file exits 2 with
 * a French sentence on stderr (and found: false on stdout).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { defaultScene } from '../../drivers/devices/escl-scanner/simulator/glass';
import { samplePortraitPng } from '../../drivers/devices/escl-scanner/simulator/sample-portrait';
import { platenJob, scanPage } from '../../drivers/devices/escl-scanner/simulator/server';

const bin = fileURLToPath(new URL('../../bin/recueil.mjs', import.meta.url));
const settings = platenJob(300, undefined, 'image/png');

function recueil(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('recueil photo scan', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recueil-scan-'));
    const scan = await scanPage(defaultScene(await samplePortraitPng(), { skewDeg: -2.5 }), settings);
    writeFileSync(join(dir, 'scan.png'), scan);
    writeFileSync(join(dir, 'empty.png'), await scanPage({ photos: [], dust: 10 }, settings));
    writeFileSync(join(dir, 'truncated.png'), scan.subarray(0, scan.length >> 1));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints found, skewDegrees, the token written and a report shaped like photo check', async () => {
    const out = join(dir, 'token.jpg');
    const { code, stdout } = await recueil(['photo', 'scan', join(dir, 'scan.png'), '--json', '--out', out]);
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.equal(result.found, true);
    assert.ok(Math.abs(result.skewDegrees + 2.5) < 0.3, String(result.skewDegrees));
    assert.equal(result.token, out);
    assert.deepEqual(Object.keys(result.report).sort(), ['compliant', 'criteria', 'face', 'ms']);
    for (const c of result.report.criteria)
      assert.deepEqual(Object.keys(c).sort(), ['id', 'status', 'threshold', 'value']);
    assert.ok(result.report.criteria.some((c: { id: string }) => c.id === 'halftone'));
    assert.equal(typeof result.instruction, 'string');
    const meta = await sharp(out).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.height, Math.round(meta.width! / 0.75));
  });

  it('exits 2 on a page with no photo and on a truncated file, saying why in French', async () => {
    for (const [file, french] of [
      ['empty.png', /Aucune photo d’identité/],
      ['truncated.png', /Numérisation illisible/],
    ] as const) {
      const { code, stdout, stderr } = await recueil(['photo', 'scan', join(dir, file), '--json']);
      assert.equal(code, 2, file);
      assert.match(stderr, french);
      assert.equal(JSON.parse(stdout).found, false);
    }
  });
});

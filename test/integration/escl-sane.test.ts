/**
 * The eSCL simulator against a real eSCL client: SANE's scanimage through sane-airscan (Debian's
 * packages, installed by scripts/setup.sh). SANE reads a private configuration that names the
 * simulator's loopback URL and turns DNS-SD and WS-Discovery off, so nothing leaves 127.0.0.1.
 * Skipped, saying so, where scanimage or the airscan backend is missing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { defaultScene } from '../../drivers/devices/escl-scanner/simulator/glass';
import { samplePortraitPng } from '../../drivers/devices/escl-scanner/simulator/sample-portrait';
import { type EsclSimulator, serveEscl } from '../../drivers/devices/escl-scanner/simulator/server';

const run = promisify(execFile);
const backend = [
  '/usr/lib/x86_64-linux-gnu/sane/libsane-airscan.so.1',
  '/usr/lib/aarch64-linux-gnu/sane/libsane-airscan.so.1',
];
const missing = !existsSync('/usr/bin/scanimage')
  ? 'scanimage is not installed (apt-get install sane-utils sane-airscan)'
  : !backend.some(existsSync)
    ? 'the sane-airscan backend is not installed (apt-get install sane-airscan)'
    : undefined;

describe('eSCL simulator with sane-airscan (scanimage)', { skip: missing }, () => {
  let sim: EsclSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const device = 'airscan:e0:Recueil simulator';

  before(async () => {
    sim = await serveEscl({ scene: defaultScene(await samplePortraitPng()) });
    dir = mkdtempSync(join(tmpdir(), 'recueil-sane-'));
    writeFileSync(join(dir, 'dll.conf'), 'airscan\n');
    writeFileSync(
      join(dir, 'airscan.conf'),
      `[devices]\n"Recueil simulator" = ${sim.url}, eSCL\n[options]\ndiscovery = disable\nws-discovery = off\n`,
    );
    env = { ...process.env, SANE_CONFIG_DIR: dir };
  });
  after(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the simulator as an eSCL device', async () => {
    const { stdout } = await run('scanimage', ['-L'], { env, timeout: 60_000 });
    assert.match(stdout, /airscan:e0:Recueil simulator/);
    assert.match(stdout, /eSCL/);
  });

  it('scans an A6 area of the glass at 600 dpi in colour: the job it posted and the page it got', async () => {
    const out = join(dir, 'scan.png');
    await run(
      'scanimage',
      [
        '-d',
        device,
        '--resolution',
        '600',
        '--mode',
        'Color',
        '-l',
        '0',
        '-t',
        '0',
        '-x',
        '105',
        '-y',
        '148',
        '--format=png',
        '-o',
        out,
      ],
      { env, timeout: 120_000 },
    );
    const meta = await sharp(out).metadata();
    assert.ok(Math.abs(meta.width! - 2480) <= 3, `width ${meta.width}`);
    assert.ok(Math.abs(meta.height! - 3496) <= 3, `height ${meta.height}`);
    const job = sim.control.jobs.at(-1)!;
    assert.equal(job.settings.xResolution, 600);
    assert.equal(job.settings.inputSource, 'Platen');
    assert.equal(job.settings.colorMode, 'RGB24');
    assert.equal(job.state, 'Completed');
    // The photo is on the page: its middle is far darker than the white lid around it.
    const { data, info } = await sharp(out)
      .greyscale()
      .resize(105, 148, { fit: 'fill' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const at = (xMm: number, yMm: number) => data[Math.round(yMm) * info.width + Math.round(xMm)]!;
    assert.ok(at(45, 60) < at(95, 140) - 40, `photo ${at(45, 60)} vs lid ${at(95, 140)}`);
  });
});

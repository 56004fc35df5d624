/**
 * The e-photo code end to end (issue 18 C) against a real reference central process
 * (`recueil central serve`): `recueil central ephoto issue` deposits records on its simulated
 * provider, the station's client and `recueil ephoto fetch` get them over the mutual-TLS link and
 * verify the provider's signature against the pinned key; valid, unknown, used, expired, forged
 * and tampered records, malformed codes (exit 2, French message), the mark at submit and its
 * offline deferral retried once the central is back.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { provisionDemo } from '../../central/api';
import { analysePortrait, disposeSharedChecker, makeTokenPortrait } from '../../models/face';
import {
  type CounterLink,
  CounterServiceError,
  deferOperation,
  EphotoRefused,
  fetchEphoto,
  markEphotoUsed,
  openCounterLink,
  pendingOperations,
  retryDeferred,
} from '../../sync/counter';
import { FAST_SCRYPT } from '../../sync/crypto/crypto.testing';
import { appRoot, startCentralProcess } from '../e2e/station-process';

const run = promisify(execFile);
const BIN = join(appRoot, 'bin', 'recueil.mjs');
const PORTRAIT = resolve(appRoot, '../shared/data/faces/meds_S001-02.jpg');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 120_000 });
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout, err: e.stderr };
  }
}

let dir: string;
let central: ChildProcess | undefined;
let stationConfig: string;
let centralConfig: string;
let photoFile: string;
let link: CounterLink;

const issueArgs = (photo: string, state: string) => [
  'central',
  'ephoto',
  'issue',
  '--config',
  centralConfig,
  '--photo',
  photo,
  '--state',
  state,
];

const issue = async (state = 'valid') => {
  const result = await cli([...issueArgs(photoFile, state), '--json']);
  assert.equal(result.code, 0, result.err);
  return JSON.parse(result.out) as { code: string; state: string; expiresAt: string; formatted: string };
};

const stopCentral = async () => {
  if (!central) return;
  const exited = new Promise((r) => central!.once('exit', r));
  central.kill('SIGTERM');
  await exited;
  central = undefined;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-ephoto-'));
  const demo = await provisionDemo(dir, { scryptCost: FAST_SCRYPT });
  stationConfig = demo.stationConfig;
  centralConfig = demo.centralConfig;
  // The booth's photo: the ISO token of a real portrait.
  photoFile = join(dir, 'booth.jpg');
  if (existsSync(PORTRAIT)) {
    const analysis = await analysePortrait(new Uint8Array(readFileSync(PORTRAIT)));
    const { rightEye: right, leftEye: left } = analysis.geometry!;
    writeFileSync(
      photoFile,
      (await makeTokenPortrait(analysis.image, { eyes: { right, left } }, { format: 'jpeg' })).data,
    );
    await disposeSharedChecker();
  } else {
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 413, height: 531, channels: 3, background: '#c8c8c8' } })
      .jpeg()
      .toFile(photoFile);
  }
  central = await startCentralProcess(centralConfig);
  link = await openCounterLink(stationConfig, { timeoutMs: 3000 });
});
after(async () => {
  link?.close();
  await stopCentral();
  rmSync(dir, { recursive: true, force: true });
});

describe('recueil ephoto fetch (contract)', () => {
  it('prints a valid record and the checker report of its photo, and writes no image anywhere', async () => {
    const issued = await issue();
    assert.match(issued.code, /^[0-9A-Z]{22}$/);
    assert.equal(issued.formatted.replaceAll(' ', ''), issued.code);
    const stationFiles = () =>
      readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => !f.startsWith('central-data'))
        .sort();
    const before = stationFiles();
    const result = await cli(['ephoto', 'fetch', issued.formatted, '--config', stationConfig, '--json']);
    assert.equal(result.code, 0, result.err);
    const out = JSON.parse(result.out);
    assert.equal(out.code, issued.code);
    assert.equal(out.state, 'valid');
    assert.equal(out.usable, true);
    assert.equal(out.expiresAt, issued.expiresAt);
    assert.match(out.message, /authentique/);
    assert.ok(Array.isArray(out.report.criteria) && out.report.criteria.length > 10);
    if (existsSync(PORTRAIT)) {
      assert.equal(out.report.criteria.find((c: { id: string }) => c.id === 'face_count').status, 'ok');
      assert.equal(
        out.report.criteria.find((c: { id: string }) => c.id === 'inter_eye_distance').status,
        'ok',
      );
    }
    assert.deepEqual(stationFiles(), before);
  });

  it('refuses a forged record, a malformed code and a wrong check character with exit 2 and a French message', async () => {
    const forged = await issue('forged');
    const bad = await cli(['ephoto', 'fetch', forged.code, '--config', stationConfig, '--json']);
    assert.equal(bad.code, 2);
    const out = JSON.parse(bad.out);
    assert.equal(out.state, 'bad-signature');
    assert.equal(out.report, null);
    assert.match(out.message, /pas authentique/);
    const short = await cli(['ephoto', 'fetch', forged.code.slice(0, 20), '--config', stationConfig]);
    assert.equal(short.code, 2);
    assert.match(short.err, /22 caractères/);
    const check = await cli([
      'ephoto',
      'fetch',
      `${forged.code.slice(0, 21)}${forged.code[21] === '0' ? '1' : '0'}`,
      '--config',
      stationConfig,
      '--json',
    ]);
    assert.equal(check.code, 2);
    assert.equal(JSON.parse(check.out).state, 'check');
  });

  it('central ephoto issue refuses a bad state and a file that is no image (exit 2)', async () => {
    const state = await cli(issueArgs(photoFile, 'lost'));
    assert.equal(state.code, 2);
    assert.match(state.err, /--state: expected one of valid, used, expired, forged, tampered/);
    const notImage = join(dir, 'note.txt');
    writeFileSync(notImage, 'not an image');
    const image = await cli(issueArgs(notImage, 'valid'));
    assert.equal(image.code, 2);
    assert.match(image.err, /not a readable image/);
  });
});

describe('station client against the simulated provider', () => {
  const reason = (expected: EphotoRefused['reason']) => (error: unknown) =>
    error instanceof EphotoRefused && error.reason === expected;

  it('refuses unknown, used, expired and tampered records, each with its reason', async () => {
    await assert.rejects(fetchEphoto(link, '4KQ7M2ZP9XRTB6WN3HCV4N'), reason('unknown'));
    await assert.rejects(fetchEphoto(link, (await issue('used')).code), reason('used'));
    await assert.rejects(fetchEphoto(link, (await issue('expired')).code), reason('expired'));
    await assert.rejects(fetchEphoto(link, (await issue('tampered')).code), reason('signature'));
  });

  it('a code marked used at submit is refused afterwards; a second mark changes nothing', async () => {
    const { code } = await issue();
    const record = await fetchEphoto(link, code);
    assert.deepEqual(Buffer.from(record.photo), readFileSync(photoFile));
    assert.equal(record.signature[1], 0x50); // PNG
    const used = await markEphotoUsed(link, code);
    assert.equal(used.state, 'used');
    assert.equal((await markEphotoUsed(link, code)).usedAt, used.usedAt);
    await assert.rejects(fetchEphoto(link, code), reason('used'));
  });

  it('a station without the pinned provider key refuses before asking', async () => {
    const station = JSON.parse(readFileSync(stationConfig, 'utf8'));
    delete station.counter.ephotoProvider;
    const unpinned = join(dir, 'station-unpinned.json');
    writeFileSync(unpinned, JSON.stringify(station));
    const other = await openCounterLink(unpinned);
    try {
      await assert.rejects(fetchEphoto(other, (await issue()).code), reason('not-configured'));
    } finally {
      other.close();
    }
  });

  it('offline, the mark is journalled and made at the next sync once the central is back', async () => {
    const { code } = await issue();
    await stopCentral();
    await assert.rejects(
      markEphotoUsed(link, code),
      (e: unknown) => e instanceof CounterServiceError && e.offline,
    );
    await assert.rejects(
      fetchEphoto(link, code),
      (e: unknown) => e instanceof CounterServiceError && /photo papier/.test(e.messageFr),
    );
    deferOperation(link.dataDir, 'ephoto-use', code, { draftId: 'draft-1' });
    const offline = await retryDeferred(link);
    assert.equal(offline[0]?.done, false);
    central = await startCentralProcess(centralConfig);
    link.close();
    link = await openCounterLink(stationConfig, { timeoutMs: 3000 });
    const outcomes = await retryDeferred(link);
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]!.done, true);
    assert.equal(pendingOperations(link.dataDir).length, 0);
    await assert.rejects(fetchEphoto(link, code), reason('used'));
  });
});

/**
 * Station enrollment end to end on loopback (docs/enrollment.md): a provisioned central with
 * enrollment enabled issues one-time codes; fresh stations enroll through the CLI's functions
 * and once through the real CLI, then enqueue and sync a dossier; a used, wrong, expired or
 * malformed code is refused, a wrong server fingerprint stops the station before it sends
 * anything, renewal gives a new certificate that works, and a revoked station is refused
 * (403 station-revoked) and says so. Rate limiting of failed codes runs last.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { dirname, join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  countCentralDossiers,
  issueEnrollmentCode,
  loadCentralConfig,
  revokeStation,
} from '../../central/api';
import { enqueueSynthetic, queueStatus, runSyncNow } from '../../sync/api';
import { loadTlsMaterial } from '../../sync/config/material';
import { loadStationFile } from '../../sync/config/station-file';
import { EnrollError, enrollStation, renewCertificate, stationEnrollmentStatus } from '../../sync/enroll';
import { FAST_SCRYPT, type SyncEnv, syncEnv } from './fixtures/sync-env';

const run = promisify(execFile);
const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(appRoot, 'bin', 'recueil.mjs');

let env: SyncEnv;
let dataDir: string;
let enrollUrl: string;

before(async () => {
  env = await syncEnv();
  dataDir = loadCentralConfig(env.demo.centralConfig).dataDir;
  assert.ok(env.central.enrollmentUrl, 'the demo central enables enrollment');
  enrollUrl = env.central.enrollmentUrl;
});
after(() => env.cleanup());

/** A station.json as an installer writes it: identity and town hall, not enrolled yet. */
function freshStation(name: string, id: string): string {
  const dir = join(env.dir, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'station.json');
  writeFileSync(
    file,
    JSON.stringify({
      station: { id, townHall: { name: 'Mairie de Lyon', inseeCode: '69123' } },
      dataDir: 'data',
      devices: { mode: 'simulated' },
    }),
  );
  return file;
}

/** Test tuning (free-space floor, fast retries) added after enrollment wrote the section. */
function tune(file: string): void {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.central.minFreeMb = 0;
  json.central.retry = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 };
  writeFileSync(file, JSON.stringify(json, null, 2));
}

async function enroll(file: string, code: string, extra: Record<string, unknown> = {}) {
  return enrollStation({
    centralUrl: enrollUrl,
    code,
    configFile: file,
    passphraseFile: join(dirname(file), 'key-passphrase'),
    scryptCost: FAST_SCRYPT,
    ...extra,
  });
}

async function refusedWith(promise: Promise<unknown>, code: string): Promise<EnrollError> {
  const error = await promise.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(error instanceof EnrollError, String(error));
  assert.equal(error.code, code, error.message);
  return error;
}

/** GET /v1/health with a station's current identity: status and JSON body. */
async function health(file: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const config = loadStationFile(file);
  const tls = await loadTlsMaterial(config.settings);
  return new Promise((resolveHealth, reject) => {
    const req = request(`${config.settings.url}/v1/health`, { ...tls, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolveHealth({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const stationA = { file: '', id: 'DR-69123-0001', code: '' };

test('a fresh station enrolls with a one-time code, then syncs a dossier', async () => {
  stationA.file = freshStation('a', stationA.id);
  assert.equal((await stationEnrollmentStatus(stationA.file)).enrolled, false);
  stationA.code = issueEnrollmentCode(dataDir, { stationId: stationA.id, ttlMinutes: 10 }).code;
  assert.match(stationA.code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);

  const result = await enroll(stationA.file, stationA.code.toLowerCase());
  assert.equal(result.stationId, stationA.id);
  assert.equal(result.url, env.central.url);

  const settings = loadStationFile(stationA.file).settings;
  const cert = new X509Certificate(readFileSync(settings.tls.cert));
  assert.match(cert.subject, new RegExp(`CN=${stationA.id}`));
  assert.ok(cert.checkIssued(new X509Certificate(readFileSync(join(env.dir, 'pki', 'ca.pem')))));
  for (const secret of [settings.tls.key, settings.signingKey.file])
    assert.equal(statSync(secret).mode & 0o077, 0, `${secret} is private`);
  assert.doesNotMatch(readFileSync(settings.signingKey.file, 'utf8'), /"d"/, 'signing key protected at rest');

  const status = await stationEnrollmentStatus(stationA.file);
  assert.equal(status.enrolled, true);
  assert.equal(status.expiresAt, new Date(cert.validTo).toISOString());
  assert.equal(status.warning, undefined);

  tune(stationA.file);
  const before = countCentralDossiers(env.demo.centralConfig);
  await enqueueSynthetic(stationA.file, 1, 0.1);
  const sync = await runSyncNow(stationA.file);
  assert.deepEqual(sync, { sent: 1, parked: 0, remaining: 0 });
  assert.equal(countCentralDossiers(env.demo.centralConfig), before + 1);
});

test('a used code, a wrong code, an expired code and a malformed code are refused', async () => {
  const other = freshStation('reuse', stationA.id);
  await refusedWith(enroll(other, stationA.code), 'enrollment-code-used');

  const wrong = freshStation('wrong', 'DR-69123-0009');
  await refusedWith(enroll(wrong, 'ABCD-EFGH-JKMN-PQRS-TVWX'), 'enrollment-code-invalid');
  await refusedWith(enroll(wrong, 'ABCD-1234'), 'code-malformed');

  const expired = issueEnrollmentCode(dataDir, {
    stationId: 'DR-69123-0009',
    ttlMinutes: 1,
    now: new Date(Date.now() - 5 * 60_000),
  });
  await refusedWith(enroll(wrong, expired.code), 'enrollment-code-expired');

  // A code reserved for another station is refused without being spent.
  const reserved = issueEnrollmentCode(dataDir, { stationId: 'DR-69123-0008', ttlMinutes: 10 });
  await refusedWith(enroll(wrong, reserved.code), 'station-id-mismatch');
  assert.equal((await stationEnrollmentStatus(wrong)).enrolled, false, 'nothing written on refusal');
});

test('a server certificate other than the pinned one stops the station before it sends the code', async () => {
  const file = freshStation('pinned', 'DR-69123-0007');
  const code = issueEnrollmentCode(dataDir, { stationId: 'DR-69123-0007', ttlMinutes: 10 }).code;
  const error = await refusedWith(enroll(file, code, { fingerprint: 'ab'.repeat(32) }), 'unreachable');
  assert.match(error.message, /Empreinte/);
  // The code was not spent: the same code works with the right CA pinned.
  const ok = await enroll(file, code, { caFile: join(env.dir, 'pki', 'ca.pem') });
  assert.equal(ok.stationId, 'DR-69123-0007');
});

test('renewal gives a new certificate that works, with the old one still valid until revoked', async () => {
  const before = new X509Certificate(readFileSync(loadStationFile(stationA.file).settings.tls.cert));
  const renewed = await renewCertificate(stationA.file);
  const settings = loadStationFile(stationA.file).settings;
  const after = new X509Certificate(readFileSync(settings.tls.cert));
  assert.notEqual(after.serialNumber, before.serialNumber);
  assert.equal(renewed.certFile, settings.tls.cert);
  assert.equal((await health(stationA.file)).status, 200);
  await enqueueSynthetic(stationA.file, 1, 0.1);
  assert.deepEqual(await runSyncNow(stationA.file), { sent: 1, parked: 0, remaining: 0 });
});

test('a revoked station is refused (403 station-revoked), keeps its dossiers and reports it', async () => {
  assert.deepEqual(revokeStation(dataDir, stationA.id, []), { known: true });
  const answer = await health(stationA.file);
  assert.equal(answer.status, 403);
  assert.equal(answer.body.error, 'station-revoked');

  await enqueueSynthetic(stationA.file, 1, 0.1);
  const sync = await runSyncNow(stationA.file, { giveUpAfterMs: 0 });
  assert.equal(sync.sent, 0);
  assert.equal(sync.remaining, 1);
  assert.equal((await queueStatus(stationA.file)).parked, 0, 'a revocation parks nothing');

  const error = await refusedWith(renewCertificate(stationA.file), 'station-revoked');
  assert.match(error.message, /révoqué/);
  const status = await stationEnrollmentStatus(stationA.file);
  assert.equal(status.enrolled, false);
  assert.match(status.reason ?? '', /révoqué/);
  assert.deepEqual(revokeStation(dataDir, 'DR-UNKNOWN', []), { known: false });
});

test('the real CLI: central enroll-code, enroll, enroll status, central revoke', async () => {
  const file = freshStation('cli', 'DR-69123-0003');
  const issued = await run(
    process.execPath,
    [
      cli,
      'central',
      'enroll-code',
      '--config',
      env.demo.centralConfig,
      '--station-id',
      'DR-69123-0003',
      '--json',
    ],
    { cwd: appRoot },
  );
  const { code } = JSON.parse(issued.stdout) as { code: string };
  const enrolled = await run(
    process.execPath,
    [
      cli,
      'enroll',
      '--central',
      enrollUrl,
      '--code',
      code,
      '--config',
      file,
      '--ca',
      join(env.dir, 'pki', 'ca.pem'),
      '--passphrase-file',
      join(env.dir, 'cli', 'key-passphrase'),
    ],
    { cwd: appRoot },
  );
  assert.match(enrolled.stdout.trim(), /^enrolled DR-69123-0003 url https:\/\/127\.0\.0\.1:\d+ /);
  assert.equal(enrolled.stdout.trim().split('\n').length, 1, 'one-line summary');

  const status = await run(process.execPath, [cli, 'enroll', 'status', '--config', file, '--json'], {
    cwd: appRoot,
  });
  assert.equal(JSON.parse(status.stdout).enrolled, true);

  const again = await run(
    process.execPath,
    [cli, 'enroll', '--central', enrollUrl, '--code', code, '--config', file],
    {
      cwd: appRoot,
    },
  ).then(
    () => assert.fail('a second enrollment without --force must fail'),
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal(again.code, 2);
  assert.match(again.stderr, /déjà enrôlé/);

  const revoked = await run(
    process.execPath,
    [cli, 'central', 'revoke', '--config', env.demo.centralConfig, '--station-id', 'DR-69123-0003'],
    { cwd: appRoot },
  );
  assert.equal(revoked.stdout.trim(), 'revoked DR-69123-0003');
  assert.equal((await health(file)).status, 403);
});

test('repeated wrong codes from one address are rate limited (429)', async () => {
  const file = freshStation('brute', 'DR-69123-0099');
  let limited: EnrollError | undefined;
  for (let i = 0; i < 12 && !limited; i++) {
    const error = await enroll(file, `ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZ${String(i).padStart(2, '0')}`).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof EnrollError);
    if (error.code === 'too-many-attempts') limited = error;
    else assert.equal(error.code, 'enrollment-code-invalid');
  }
  assert.ok(limited, 'refused after repeated failures');
  // Even a valid code is refused while the address is limited.
  const code = issueEnrollmentCode(dataDir, { stationId: 'DR-69123-0099', ttlMinutes: 10 }).code;
  await refusedWith(enroll(file, code), 'too-many-attempts');
});

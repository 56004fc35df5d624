/**
 * `recueil health --json` (issue 21's contract) against the reference central over the real
 * mutual-TLS link: an enrolled demo station whose central runs 5 minutes ahead (the clock-drift
 * check measures it through GET /v1/time), the same station once the central is down (a warning,
 * not a crash), a station without enrollment, and a missing or bad configuration (exit 2).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { provisionDemo, type RunningCentral, startCentralServer } from '../../central/api';
import { HEALTH_CHECK_IDS, HealthCheck } from '../../common/domain';
import { FAST_SCRYPT } from '../../sync/crypto/crypto.testing';
import { recueilCli } from './fixtures/recueil-cli';

const AHEAD_MS = 5 * 60_000;
const cli = recueilCli;

function checks(out: string): Map<string, HealthCheck> {
  const list = HealthCheck.array().parse(JSON.parse(out));
  assert.deepEqual(
    list.map((c) => c.id),
    [...HEALTH_CHECK_IDS],
  );
  return new Map(list.map((c) => [c.id, c]));
}

let dir: string;
let central: RunningCentral | undefined;
let stationConfig: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recueil-health-'));
  const demo = await provisionDemo(dir, { scryptCost: FAST_SCRYPT });
  stationConfig = demo.stationConfig;
  central = await startCentralServer(demo.centralConfig, { clock: () => Date.now() + AHEAD_MS });
});
after(async () => {
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recueil health --json', () => {
  it('measures the clock against the central over mTLS and lists every check', async () => {
    const result = await cli(['health', '--config', stationConfig, '--json']);
    assert.equal(result.code, 0, result.err);
    const byId = checks(result.out);
    const clock = byId.get('clock-drift')!;
    // 5 min is beyond the 60 s limit, within ten times it: a warning naming the measured offset.
    assert.equal(clock.status, 'warn', clock.message);
    assert.match(clock.message, /en retard sur celle du système central de 5 min/);
    assert.equal(byId.get('station-certificate')!.status, 'ok');
    assert.equal(byId.get('sync-backlog')!.status, 'ok');
    assert.equal(byId.get('device-firmware')!.status, 'ok', byId.get('device-firmware')!.message);
    assert.match(byId.get('device-firmware')!.message, /STU-540/);
  });

  it('an unreachable central is a warning, and the command still exits 0', async () => {
    await central?.close();
    central = undefined;
    const result = await cli(['health', '--config', stationConfig, '--json']);
    assert.equal(result.code, 0, result.err);
    const clock = checks(result.out).get('clock-drift')!;
    assert.equal(clock.status, 'warn');
    assert.match(clock.message, /Système central injoignable/);
  });

  it('a station that is not enrolled: the checks say so', async () => {
    const file = join(dir, 'not-enrolled.json');
    writeFileSync(
      file,
      JSON.stringify({
        station: { id: 'DR-HLTH-0002', townHall: { name: 'Mairie', inseeCode: '75056' } },
        dataDir: join(dir, 'data-2'),
        devices: { simulated: ['signature-pad'] },
      }),
    );
    const result = await cli(['health', '--config', file, '--json']);
    assert.equal(result.code, 0, result.err);
    const byId = checks(result.out);
    assert.match(byId.get('clock-drift')!.message, /Poste non enrôlé/);
    assert.equal(byId.get('station-certificate')!.status, 'fail');
  });

  it('a missing, unreadable or invalid configuration exits 2 with a precise error', async () => {
    const missingFlag = await cli(['health', '--json']);
    assert.equal(missingFlag.code, 2);
    assert.match(missingFlag.err, /--config: required/);
    const missingFile = await cli(['health', '--config', join(dir, 'nope.json'), '--json']);
    assert.equal(missingFile.code, 2);
    assert.match(missingFile.err, /nope\.json.*\n.*cannot read the file \(ENOENT\)/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ station: { id: 'x' }, dataDir: dir }));
    const invalid = await cli(['health', '--config', bad, '--json']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.err, /station\.id: expected 3 to 32 upper-case letters/);
    assert.equal(invalid.out, '');
  });
});

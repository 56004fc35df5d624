/**
 * Each health check's ok / warn / fail boundaries, from injected facts (clock, values), and the
 * list's contract: every id once, in order, with a French message and remedy.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DeviceStatus, HEALTH_CHECK_IDS, HealthCheck } from '../../../common/domain';
import type { SyncHealthFacts } from '../../../sync/health';
import type { HostStatus } from '../../contract/model';
import { parseConfig } from '../config';
import type { KnownAgentCard } from './agent-cards';
import {
  agentCardCertificatesCheck,
  clockDriftCheck,
  compareVersions,
  deviceFirmwareCheck,
  diskFreeCheck,
  diskSlopePerDay,
  diskTrendCheck,
  type HealthFacts,
  hostRestartsCheck,
  minimumFor,
  parseVersion,
  runHealthChecks,
  stationCertificateCheck,
  syncBacklogCheck,
} from './checks';
import { DEFAULT_FIRMWARE_MINIMUMS, healthPolicy } from './policy';

const NOW = Date.parse('2026-12-08T10:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MB = 1024 * 1024;

const config = parseConfig(
  { station: { id: 'DR-HLTH-0001', townHall: { name: 'Mairie', inseeCode: '75056' } }, dataDir: '/tmp/x' },
  'test',
  '/tmp',
);
const policy = healthPolicy(config);

function syncFacts(over: Partial<SyncHealthFacts> = {}): SyncHealthFacts {
  return {
    at: NOW,
    enrollment: { enrolled: true, expiresAt: new Date(NOW + 400 * DAY).toISOString() },
    clock: { kind: 'measured', offsetMs: 20, roundTripMs: 4, samples: 4 },
    disk: { freeBytes: 10_000 * MB, minFreeBytes: 512 * MB, samples: [] },
    backlog: { unsent: 0, parked: 0 },
    restarts: {
      days: 7,
      stationRestarts: 0,
      notRunningMinutes: 0,
      hostCrashedMinutes: { device: 0, sync: 0 },
      hostCrashes: { device: 0, sync: 0 },
    },
    ...over,
  };
}
const facts = (over: Partial<HealthFacts> = {}, sync: Partial<SyncHealthFacts> = {}): HealthFacts => ({
  now: NOW,
  sync: syncFacts(sync),
  agentCards: [],
  devices: [],
  ...over,
});

describe('clock-drift', () => {
  const at = (offsetMs: number) =>
    clockDriftCheck(facts({}, { clock: { kind: 'measured', offsetMs, roundTripMs: 6, samples: 4 } }), policy);
  it('is ok up to the limit, warns beyond it, fails beyond ten times it (either direction)', () => {
    assert.equal(policy.clockDriftLimitMs, 60_000);
    assert.equal(at(60_000).status, 'ok');
    assert.equal(at(-60_000).status, 'ok');
    assert.equal(at(60_001).status, 'warn');
    assert.equal(at(-600_000).status, 'warn');
    assert.equal(at(600_001).status, 'fail');
    assert.equal(at(-600_001).status, 'fail');
  });
  it('says which way the clock is off and how precisely it was measured', () => {
    assert.match(
      at(90_000).message,
      /en retard sur celle du système central de 1 min 30 s \(mesure à 3 ms près\)/,
    );
    assert.match(at(-2500).message, /en avance sur .* de 2,5 s/);
  });
  it('an unreachable central, a not-enrolled station and a refusal are warnings that say so', () => {
    const unreachable = clockDriftCheck(
      facts({}, { clock: { kind: 'unreachable', detail: 'ECONNREFUSED' } }),
      policy,
    );
    assert.equal(unreachable.status, 'warn');
    assert.match(unreachable.message, /Système central injoignable/);
    assert.doesNotMatch(unreachable.message, /ECONNREFUSED/);
    const notEnrolled = clockDriftCheck(facts({}, { clock: { kind: 'not-enrolled' } }), policy);
    assert.equal(notEnrolled.status, 'warn');
    assert.match(notEnrolled.message, /Poste non enrôlé/);
    assert.match(notEnrolled.remedy, /recueil enroll/);
    const refused = clockDriftCheck(
      facts({}, { clock: { kind: 'refused', status: 403, error: 'station-revoked', detail: 'HTTP 403' } }),
      policy,
    );
    assert.match(refused.message, /ne reconnaît pas ce poste/);
    assert.equal(clockDriftCheck(facts({ sync: undefined }), policy).status, 'warn');
  });
});

describe('station-certificate', () => {
  const expiring = (ms: number) =>
    stationCertificateCheck(
      facts({}, { enrollment: { enrolled: true, expiresAt: new Date(NOW + ms).toISOString() } }),
      policy,
    );
  it('warns within the configured days, ok beyond, fails when not enrolled (expired, revoked)', () => {
    assert.equal(expiring(30 * DAY).status, 'warn');
    assert.equal(expiring(30 * DAY + HOUR).status, 'ok');
    assert.match(expiring(3 * DAY).message, /dans 3 jours/);
    assert.match(expiring(3 * DAY).remedy, /recueil enroll renew/);
    const expired = stationCertificateCheck(
      facts(
        {},
        {
          enrollment: {
            enrolled: false,
            reason: 'Certificat du poste expiré le 01/12/2026 : la saisie est impossible.',
          },
        },
      ),
      policy,
    );
    assert.equal(expired.status, 'fail');
    assert.match(expired.message, /expiré le 01\/12\/2026/);
  });
  it('follows certificateWarnDays from the configuration', () => {
    const config7 = parseConfig(
      { ...config, availability: { certificateWarnDays: 7 }, dataDir: '/tmp/x' },
      'test',
      '/tmp',
    );
    const check = stationCertificateCheck(
      facts({}, { enrollment: { enrolled: true, expiresAt: new Date(NOW + 8 * DAY).toISOString() } }),
      healthPolicy(config7),
    );
    assert.equal(check.status, 'ok');
  });
});

describe('agent-card-certificates', () => {
  const card = (agentId: string, notAfter: number): KnownAgentCard => ({
    agentId,
    role: 'agent',
    notAfter: new Date(notAfter).toISOString(),
    lastSeenAt: new Date(NOW - DAY).toISOString(),
  });
  const cards = (...list: KnownAgentCard[]) =>
    agentCardCertificatesCheck(facts({ agentCards: list }), policy);
  it('is ok with no card or cards valid beyond the warning days', () => {
    assert.equal(cards().status, 'ok');
    assert.equal(cards(card('AG-01', NOW + 31 * DAY)).status, 'ok');
    assert.match(
      cards(card('AG-01', NOW + 31 * DAY), card('AG-02', NOW + 40 * DAY)).message,
      /^2 cartes agent connues, toutes valides plus de 30 jours/,
    );
  });
  it('warns for a card within the warning days and fails for an expired one, naming each', () => {
    const soon = cards(card('AG-01', NOW + 31 * DAY), card('AG-02', NOW + 30 * DAY));
    assert.equal(soon.status, 'warn');
    assert.match(soon.message, /AG-02 \(agent\)/);
    assert.doesNotMatch(soon.message, /AG-01/);
    const expired = cards(card('AG-02', NOW + 2 * DAY), card('AG-03', NOW));
    assert.equal(expired.status, 'fail');
    assert.match(expired.message, /expirée : AG-03.*à renouveler sous 30 jours : AG-02/);
  });
});

describe('disk-free', () => {
  const free = (mb: number) =>
    diskFreeCheck(facts({}, { disk: { freeBytes: mb * MB, minFreeBytes: 512 * MB, samples: [] } }));
  it('fails under the reserve, warns under twice it, ok from twice it', () => {
    assert.equal(free(511).status, 'fail');
    assert.equal(free(512).status, 'warn');
    assert.equal(free(1023).status, 'warn');
    assert.equal(free(1024).status, 'ok');
    assert.match(free(511).message, /511 Mo libres .*réserve 512 Mo/);
  });
  it('an unreadable disk is a warning', () => {
    assert.equal(diskFreeCheck(facts({}, { disk: { minFreeBytes: 1, samples: [] } })).status, 'warn');
  });
});

describe('disk-trend', () => {
  /** Samples every 2 h over `hours`, losing `perDayMb` a day, ending at `freeMb`. */
  const trend = (freeMb: number, perDayMb: number, hours = 48) => {
    const samples: [number, number][] = [];
    for (let h = hours; h >= 0; h -= 2) samples.push([NOW - h * HOUR, (freeMb + (perDayMb * h) / 24) * MB]);
    return diskTrendCheck(
      facts({}, { disk: { freeBytes: freeMb * MB, minFreeBytes: 512 * MB, samples } }),
      policy,
    );
  };
  it('the slope is bytes per day by least squares', () => {
    const slope = diskSlopePerDay([
      [0, 100 * MB],
      [DAY / 2, 90 * MB],
      [DAY, 80 * MB],
    ]);
    assert.equal(Math.round((slope ?? 0) / MB), -20);
    assert.equal(diskSlopePerDay([[0, 1]]), undefined);
  });
  it('needs 24 h of samples before it judges', () => {
    const short = trend(600, 1000, 22);
    assert.equal(short.status, 'ok');
    assert.match(short.message, /pas encore mesurable/);
  });
  it('fails when the reserve is reached within 7 days, warns within 30, ok beyond or when not shrinking', () => {
    // 512 + 100 * days: the reserve is reached in `days` days at 100 MB a day.
    assert.equal(trend(512 + 100 * 6.9, 100).status, 'fail');
    assert.equal(trend(512 + 100 * 7.1, 100).status, 'warn');
    assert.equal(trend(512 + 100 * 29.9, 100).status, 'warn');
    assert.equal(trend(512 + 100 * 30.1, 100).status, 'ok');
    assert.equal(trend(600, -50).status, 'ok');
    assert.match(trend(512 + 100 * 6.9, 100).message, /diminue de 100 Mo par jour/);
  });
});

describe('sync-backlog', () => {
  const oldest = (ageMs: number, parked = 0) =>
    syncBacklogCheck(facts({}, { backlog: { unsent: 3, oldestUnsentAt: NOW - ageMs, parked } }), policy);
  it('ok under the warning hours, warns from them, fails from the freeze days', () => {
    assert.equal(oldest(24 * HOUR - 1).status, 'ok');
    assert.equal(oldest(24 * HOUR).status, 'warn');
    assert.equal(oldest(7 * DAY - 1).status, 'warn');
    assert.equal(oldest(7 * DAY).status, 'fail');
    assert.match(oldest(7 * DAY).message, /3 dossiers en attente d’envoi, le plus ancien depuis 7 j 0 h/);
  });
  it('parked dossiers are a warning; an empty queue is ok; a not-enrolled station says so', () => {
    assert.equal(oldest(HOUR, 1).status, 'warn');
    assert.equal(syncBacklogCheck(facts({}, { backlog: undefined }), policy).status, 'ok');
    const notEnrolled = syncBacklogCheck(facts({}, { enrollment: { enrolled: false, reason: 'x' } }), policy);
    assert.equal(notEnrolled.status, 'warn');
    assert.match(notEnrolled.message, /non enrôlé/);
  });
});

describe('host-restarts', () => {
  const host = (
    name: HostStatus['host'],
    restarts: number,
    state: HostStatus['state'] = 'running',
  ): HostStatus => ({
    host: name,
    state,
    restarts,
  });
  const restarts = (
    stationRestarts: number,
    crashes: { device: number; sync: number },
    hosts?: HostStatus[],
  ) =>
    hostRestartsCheck(
      facts(
        { hosts },
        {
          restarts: {
            days: 7,
            stationRestarts,
            notRunningMinutes: stationRestarts * 10,
            hostCrashedMinutes: crashes,
            hostCrashes: crashes,
          },
        },
      ),
      policy,
    );
  it('ok without any, warns from one, fails from five over the window', () => {
    assert.equal(restarts(0, { device: 0, sync: 0 }).status, 'ok');
    assert.equal(restarts(1, { device: 0, sync: 0 }).status, 'warn');
    assert.equal(restarts(1, { device: 2, sync: 1 }).status, 'warn');
    assert.equal(restarts(2, { device: 2, sync: 1 }).status, 'fail');
    assert.match(
      restarts(1, { device: 0, sync: 0 }).message,
      /1 redémarrage du poste .*\(10 minutes d’arrêt\)/,
    );
  });
  it('the live supervisors count (not twice what the ledger saw), and a host not running fails', () => {
    assert.equal(restarts(0, { device: 1, sync: 0 }, [host('device', 1), host('sync', 0)]).status, 'warn');
    assert.match(
      restarts(0, { device: 1, sync: 0 }, [host('device', 1), host('sync', 0)]).message,
      /périphériques 1 redémarrage,/,
    );
    assert.equal(restarts(0, { device: 0, sync: 0 }, [host('device', 5), host('sync', 0)]).status, 'fail');
    const down = restarts(0, { device: 0, sync: 0 }, [host('device', 0), host('sync', 0, 'restarting')]);
    assert.equal(down.status, 'fail');
    assert.match(down.message, /processus de synchronisation ne tourne pas/);
  });
});

describe('device-firmware', () => {
  const device = (id: string, firmware?: string, model = 'Tablette de signature STU-540'): DeviceStatus => ({
    id,
    kind: 'signature',
    vendor: 'Wacom',
    model,
    transport: 'hid',
    connection: 'connected',
    simulated: false,
    changedAt: new Date(NOW).toISOString(),
    ...(firmware ? { firmware } : {}),
  });
  const firmware = (...devices: DeviceStatus[]) => deviceFirmwareCheck(facts({ devices }), policy);
  it('compares the dotted version at the start of the firmware text', () => {
    assert.deepEqual(parseVersion('1.0b (bcdDevice 0110)'), [1, 0]);
    assert.equal(compareVersions([1, 0], [1, 0, 0]), 0);
    assert.equal(compareVersions([1, 10], [1, 9, 9]), 1);
    assert.equal(compareVersions([0, 9], [1]), -1);
  });
  it('ok at the minimum, fails below it, warns when unknown; kinds without a minimum are ignored', () => {
    assert.deepEqual(DEFAULT_FIRMWARE_MINIMUMS[0], { kind: 'signature', minVersion: '1.0' });
    assert.equal(firmware(device('hw-wacom-stu', '1.0b (bcdDevice 0110)')).status, 'ok');
    assert.equal(firmware(device('hw-wacom-stu', '0.9.9')).status, 'fail');
    assert.match(
      firmware(device('hw-wacom-stu', '0.9.9')).message,
      /\(hw-wacom-stu\) en 0\.9\.9, minimum 1\.0/,
    );
    assert.equal(firmware(device('hw-wacom-stu')).status, 'warn');
    assert.equal(firmware({ ...device('cam'), kind: 'camera' }).status, 'ok');
    assert.equal(deviceFirmwareCheck(facts({ devices: undefined }), policy).status, 'warn');
  });
  it('a minimum naming the model wins over the one of its kind', () => {
    const minimums = [
      { kind: 'signature' as const, minVersion: '1.0' },
      { kind: 'signature' as const, model: 'STU-430', minVersion: '2.0' },
    ];
    assert.equal(minimumFor(device('a', '1.5', 'STU-430'), minimums), '2.0');
    assert.equal(minimumFor(device('a', '1.5'), minimums), '1.0');
  });
  it('takes the minimums from the configuration over the defaults, and a signed configuration over both', () => {
    const raised = healthPolicy(
      parseConfig(
        {
          ...config,
          dataDir: '/tmp/x',
          health: { firmwareMinimums: [{ kind: 'signature', minVersion: '1.2' }] },
        },
        'test',
        '/tmp',
      ),
    );
    assert.equal(
      deviceFirmwareCheck(facts({ devices: [device('hw-wacom-stu', '1.1')] }), raised).status,
      'fail',
    );
    const signed = healthPolicy(config, { firmwareMinimums: [{ kind: 'signature', minVersion: '0.5' }] });
    assert.equal(
      deviceFirmwareCheck(facts({ devices: [device('hw-wacom-stu', '0.9')] }), signed).status,
      'ok',
    );
  });
});

describe('runHealthChecks', () => {
  it('returns every check once, in the documented order, each valid and in French', () => {
    const checks = runHealthChecks(facts(), policy);
    assert.deepEqual(
      checks.map((c) => c.id),
      [...HEALTH_CHECK_IDS],
    );
    for (const check of checks) {
      HealthCheck.parse(check);
      assert.equal(check.status, 'ok', `${check.id}: ${check.message}`);
    }
  });
});

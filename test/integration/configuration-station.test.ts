/**
 * The signed configuration end to end with real processes: the reference central as its own
 * process (`recueil central serve`), configuration versions published with
 * `recueil central config push`, and the station core with its real sync and device hosts.
 *
 * - Freeze rule: a station whose last successful sync is 10 days old (limit 7) refuses a new
 *   application with STATION_FROZEN and the French sentence, its diagnostics say frozen and its
 *   availability ledger records the opening minutes down / freeze-limit-exceeded; once the central
 *   answers, the next sync lifts it and the application starts.
 * - Versions: the version pulled is applied (diagnostics, audit `config.receive` success); a
 *   document signed by another key and an older version are refused, audited, and the version in
 *   force stays.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCentralConfig } from '../../central/server/config';
import { builtInConfiguration } from '../../common/domain/config-document';
import { TITLE_FEE_RATES } from '../../common/domain/title-fees';
import type { SignedConfigurationView } from '../../main/contract';
import { auditDir } from '../../main/services/audit';
import { loadConfigFile } from '../../main/services/config';
import type { Station } from '../../main/services/station';
import { createCentralKeys, importCentralKeys, signConfiguration } from '../../sync/crypto/central';
import { recueil, startCentralProcess } from '../e2e/station-process';
import { signInAs, startTestStation } from '../support/station';

const DAY = 86_400_000;
const allDay = ['00:00-24:00'];
const hours = { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay };
const applicant = { surname: 'Martin', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' as const };

describe('signed configuration and freeze rule (real central process, real station hosts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-config-e2e-'));
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  let central: ChildProcess | undefined;
  let station: Station;
  let dataDir: string;

  const push = (version: number, extra: Record<string, unknown> = {}) => {
    const file = join(dir, `v${version}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        version,
        reasons: [{ code: 'first', label: 'Première demande' }],
        titleTypes: ['passport', 'id-card'],
        taxStampRates: TITLE_FEE_RATES,
        freezeDays: 7,
        ...extra,
      }),
    );
    recueil(['central', 'config', 'push', '--config', centralConfig, '--file', file]);
  };
  const versionsDir = () => join(loadCentralConfig(centralConfig).dataDir, 'configuration');

  const view = async (): Promise<SignedConfigurationView> => {
    const result = await station.dispatch('station.configuration', {});
    assert.ok(result.ok);
    return result.value as SignedConfigurationView;
  };
  /** Polls (every 200 ms) until `done`; no assertion on time: the test's own timeout bounds it. */
  async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const audits = () =>
    readdirSync(auditDir(dataDir))
      .filter((name) => name.endsWith('.jsonl'))
      .flatMap((name) => readFileSync(join(auditDir(dataDir), name), 'utf8').split('\n'))
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            action: string;
            outcome: string;
            details?: { reason?: string; value?: number };
          },
      )
      .filter((record) => record.action === 'config.receive');
  const start = (titleType: 'passport' | 'id-card' = 'passport') =>
    station.dispatch('application.start', { titleType, applicant });

  before(async () => {
    recueil(['demo', 'init', '--dir', dir]);
    const json = JSON.parse(readFileSync(stationConfig, 'utf8')) as Record<string, unknown>;
    // open all day, a clock 60 times faster: a ledger minute each real second
    json.availability = { openingHours: { timeZone: 'Europe/Paris', ...hours } };
    json.clock = { speed: 60 };
    writeFileSync(stationConfig, JSON.stringify(json, null, 2));
    const config = loadConfigFile(stationConfig);
    dataDir = config.dataDir;
    // the last successful sync was 10 days ago; the central is not running
    mkdirSync(join(dataDir, 'configuration'), { recursive: true });
    writeFileSync(
      join(dataDir, 'configuration', 'last-sync.json'),
      JSON.stringify({ at: new Date(Date.now() - 10 * DAY).toISOString(), kind: 'sync' }),
    );
    station = await startTestStation(config);
    await signInAs(station, 'agent');
  });
  after(async () => {
    await station?.stop();
    central?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a new application past the freeze limit, in French, and the ledger says why', async () => {
    const refused = await start();
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, 'STATION_FROZEN');
    assert.match(
      refused.error.message,
      /^Aucune synchronisation réussie avec le système central depuis le \d\d\/\d\d\/\d{4} \(limite : 7 jours\) : la saisie de nouvelles demandes est suspendue\./,
    );
    const frozen = await view();
    assert.equal(frozen.frozen, true);
    assert.equal(frozen.version, 0, 'nothing from the central yet: the built-in configuration');
    const report = await until(
      () => station.availability!.day(),
      (r) => r.causes.some((c) => c.cause === 'freeze-limit-exceeded'),
    );
    assert.equal(report.causes.find((c) => c.cause === 'freeze-limit-exceeded')?.state, 'down');
  });

  it('once the central answers, the sync applies its version and lifts the freeze', async () => {
    push(1);
    central = await startCentralProcess(centralConfig);
    const applied = await until(view, (v) => v.version === 1 && !v.frozen);
    assert.equal(applied.source, 'central');
    assert.equal(applied.lastSyncKind, 'sync');
    const started = await start();
    assert.ok(started.ok, JSON.stringify(!started.ok && started.error));
    assert.ok((await station.dispatch('application.cancel', { reason: 'other' })).ok);
    const record = await until(audits, (list) => list.some((r) => r.outcome === 'success'));
    assert.deepEqual(record.at(-1)?.details, { reason: 'applied', value: 1 });
  });

  it('applies a newer version; refuses another key and a downgrade, audited; the version stays', async () => {
    push(2, { titleTypes: ['passport'] });
    assert.ok((await station.dispatch('sync.now', {})).ok);
    const v2 = await until(view, (v) => v.version === 2);
    assert.equal(v2.previousVersion, 1);
    const idCard = await start('id-card');
    assert.ok(!idCard.ok);
    assert.equal(idCard.error.code, 'FORBIDDEN');
    assert.match(idCard.error.message, /carte nationale d’identité ne sont pas ouvertes sur ce poste/);

    // a version 3 signed by a key the station does not know
    const other = await importCentralKeys((await createCentralKeys()).privateJwks);
    const foreign = await signConfiguration(
      { ...builtInConfiguration(7), version: 3, issuedAt: new Date().toISOString() },
      other,
    );
    writeFileSync(join(versionsDir(), 'v0000000003.jws'), foreign);
    assert.ok((await station.dispatch('sync.now', {})).ok);
    await until(audits, (list) => list.some((r) => r.details?.reason === 'unknown-key'));

    // the central serves version 1 again
    rmSync(join(versionsDir(), 'v0000000003.jws'));
    rmSync(join(versionsDir(), 'v0000000002.jws'));
    assert.ok((await station.dispatch('sync.now', {})).ok);
    const downgrade = await until(audits, (list) => list.some((r) => r.details?.reason === 'downgrade'));
    assert.deepEqual(
      downgrade.filter((r) => r.outcome === 'refused').map((r) => r.details),
      [{ reason: 'unknown-key' }, { reason: 'downgrade', value: 1 }],
    );
    const kept = await view();
    assert.equal(kept.version, 2);
    assert.equal(kept.frozen, false);
  });
});

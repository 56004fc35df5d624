/**
 * The signed configuration end to end over the real mutual-TLS link: `recueil central config push`
 * (the contract: bad file and non-increasing version exit 2 with a precise error) signs and
 * publishes a version that GET /v1/config serves to an enrolled station, verifiable against the
 * central key the station pinned at enrollment.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadCentralConfig } from '../../central/server/config';
import { builtInConfiguration } from '../../common/domain/config-document';
import { TITLE_FEE_RATES } from '../../common/domain/title-fees';
import { runSyncNow } from '../../sync/api';
import { createTlsAgent, fetchField } from '../../sync/client';
import { loadCentralRecipient, loadTlsMaterial } from '../../sync/config/material';
import { loadStationFile } from '../../sync/config/station-file';
import {
  type ConfigurationOutcome,
  lastSuccessfulSync,
  taxStampRatesInForce,
  versionInForce,
} from '../../sync/configuration';
import { createCentralKeys, importCentralKeys, signConfiguration } from '../../sync/crypto/central';
import { verifyConfiguration } from '../../sync/crypto/station';
import { CONFIG_PATH } from '../../sync/protocol/configuration';
import { recueilCli } from './fixtures/recueil-cli';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

const documentV = (version: number, extra: Record<string, unknown> = {}) => ({
  version,
  reasons: [{ code: 'first', label: 'Première demande' }],
  titleTypes: ['passport', 'id-card'],
  taxStampRates: { ...TITLE_FEE_RATES, passportAdultCents: 9000 },
  freezeDays: 5,
  ...extra,
});

let env: SyncEnv;
before(async () => {
  env = await syncEnv();
});
after(() => env.cleanup());

/** `recueil central config push --config central.json --file FILE [...extra]` */
const push = (file: string, ...extra: string[]) =>
  recueilCli(['central', 'config', 'push', '--config', env.demo.centralConfig, '--file', file, ...extra]);

function writeDocument(name: string, document: unknown): string {
  const file = join(env.dir, name);
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document));
  return file;
}

async function fetchConfig(): Promise<string | undefined> {
  const settings = loadStationFile(env.demo.stationConfig).settings;
  const agent = createTlsAgent(await loadTlsMaterial(settings), { keepAlive: false });
  try {
    return await fetchField(agent, 'GET', env.central.url + CONFIG_PATH, 'jws', { timeoutMs: 5000 });
  } finally {
    agent.destroy();
  }
}

describe('recueil central config push and GET /v1/config', () => {
  it('serves nothing before the first publication', async () => {
    assert.equal(await fetchConfig(), undefined);
  });

  it('signs and publishes a version that the station fetches and verifies', async () => {
    const pushed = await push(writeDocument('v1.json', documentV(1)));
    assert.equal(pushed.code, 0, pushed.err);
    assert.equal(pushed.out.trim(), 'published configuration version 1');
    const jws = await fetchConfig();
    assert.ok(jws);
    const pinned = await loadCentralRecipient(loadStationFile(env.demo.stationConfig).settings);
    const document = await verifyConfiguration(jws, pinned);
    assert.equal(document.version, 1);
    assert.equal(document.taxStampRates.passportAdultCents, 9000);
    assert.ok(Date.parse(document.issuedAt) > Date.now() - 60_000, 'issuedAt filled at publication');
  });

  it('refuses a version not greater than the last published, with the numbers', async () => {
    const again = await push(writeDocument('v1b.json', documentV(1, { freezeDays: 9 })));
    assert.equal(again.code, 2);
    assert.match(
      again.err,
      /configuration version 1 refused: it must be greater than the last published version 1/,
    );
    const json = await push(writeDocument('v2.json', documentV(2)), '--json');
    assert.equal(json.code, 0, json.err);
    const printed = JSON.parse(json.out) as { version: number; sha256: string };
    assert.equal(printed.version, 2);
    assert.match(printed.sha256, /^[0-9a-f]{64}$/);
  });

  it('a bad file exits 2 naming the path of each problem; nothing is published', async () => {
    const bad = await push(
      writeDocument(
        'bad.json',
        documentV(3, { taxStampRates: { ...TITLE_FEE_RATES, passportAdultCents: 86.5 } }),
      ),
    );
    assert.equal(bad.code, 2);
    assert.match(bad.err, /taxStampRates\.passportAdultCents: expected an amount in cents/);
    const notJson = await push(writeDocument('x.json', '{'));
    assert.equal(notJson.code, 2);
    assert.match(notJson.err, /not valid JSON/);
    const missing = await push(join(env.dir, 'none.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read the file \(ENOENT\)/);
    const pinned = await loadCentralRecipient(loadStationFile(env.demo.stationConfig).settings);
    assert.equal((await verifyConfiguration((await fetchConfig())!, pinned)).version, 2);
  });
});

describe('the station pulls the configuration at sync', () => {
  const outcomes: ConfigurationOutcome[] = [];
  const sync = () => runSyncNow(env.demo.stationConfig, { onConfiguration: (o) => outcomes.push(o) });
  const dataDir = () => loadStationFile(env.demo.stationConfig).dataDir;
  const centralVersions = () => join(loadCentralConfig(env.demo.centralConfig).dataDir, 'configuration');

  it('applies the latest version at sync, records the successful sync, then has nothing new', async () => {
    assert.equal(versionInForce(dataDir()), 0);
    await sync();
    assert.deepEqual(outcomes.pop(), { outcome: 'applied', version: 2, previousVersion: 0 });
    assert.equal(versionInForce(dataDir()), 2);
    assert.equal(taxStampRatesInForce(dataDir()).passportAdultCents, 9000);
    assert.equal(lastSuccessfulSync(dataDir())?.kind, 'sync');
    await sync();
    assert.deepEqual(outcomes.pop(), { outcome: 'unchanged', version: 2 });
  });

  it('refuses a document signed by another key, a forged one and an older version: version 2 stays', async () => {
    const other = await createCentralKeys();
    const foreign = await signConfiguration(
      { ...builtInConfiguration(5), version: 3, issuedAt: new Date().toISOString() },
      await importCentralKeys(other.privateJwks),
    );
    writeFileSync(join(centralVersions(), 'v0000000003.jws'), foreign);
    await sync();
    const unknown = outcomes.pop();
    assert.equal(unknown?.outcome === 'refused' && unknown.reason, 'unknown-key');
    // the genuine header and signature over another payload
    const payload = foreign.split('.')[1];
    const genuine = readFileSync(join(centralVersions(), 'v0000000002.jws'), 'utf8').trim().split('.');
    writeFileSync(join(centralVersions(), 'v0000000003.jws'), `${genuine[0]}.${payload}.${genuine[2]}`);
    await sync();
    const forged = outcomes.pop();
    assert.equal(forged?.outcome === 'refused' && forged.reason, 'signature');
    // the central serves an older version again (restored from a backup, say)
    rmSync(join(centralVersions(), 'v0000000003.jws'));
    rmSync(join(centralVersions(), 'v0000000002.jws'));
    await sync();
    const older = outcomes.pop();
    assert.equal(older?.outcome === 'refused' && older.reason, 'downgrade');
    assert.equal(older?.outcome === 'refused' && older.version, 1);
    assert.equal(versionInForce(dataDir()), 2);
    assert.equal(taxStampRatesInForce(dataDir()).passportAdultCents, 9000);
  });
});

/**
 * The signed configuration end to end over the real mutual-TLS link: `recueil central config push`
 * (the contract: bad file and non-increasing version exit 2 with a precise error) signs and
 * publishes a version that GET /v1/config serves to an enrolled station, verifiable against the
 * central key the station pinned at enrollment.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TITLE_FEE_RATES } from '../../common/domain/title-fees';
import { createTlsAgent, fetchField } from '../../sync/client';
import { loadCentralRecipient, loadTlsMaterial } from '../../sync/config/material';
import { loadStationFile } from '../../sync/config/station-file';
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

/**
 * Network faults between a station and the reference central server, on loopback: a connection
 * cut mid-upload (resumed, not restarted), 5xx answers, a slow and a stalled link, duplicate
 * delivery, a server restart during an upload, a wrong server certificate, expired / unknown-CA /
 * not-enrolled station certificates, and a poison dossier that must not block the others.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { countCentralDossiers } from '../../central/api';
import { enqueueSynthetic, openStation, runSyncNow, syntheticDossier } from '../../sync/api';
import { createTlsAgent, deliverDossier } from '../../sync/client';
import { testPki } from '../../sync/crypto/crypto.testing';
import { sealDossier } from '../../sync/crypto/station';
import { freePort } from '../../sync/demo/files';
import { createTestCa, DAY_MS, loadCa } from '../../sync/pki';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';
import { startTcpProxy } from './fixtures/tcp-proxy';

let env: SyncEnv;
before(async () => {
  env = await syncEnv();
});
after(() => env.cleanup());

const central = () => countCentralDossiers(env.demo.centralConfig);

async function queueOne(config: string, sizeMb: number): Promise<string> {
  const { ids } = await enqueueSynthetic(config, 1, sizeMb);
  return ids[0]!;
}

async function causes(config: string, id: string): Promise<(string | null)[]> {
  const station = await openStation(config);
  try {
    return station.outbox.events(id).map((e) => e.detail);
  } finally {
    station.close();
  }
}

test('connection cut mid-upload: the upload resumes from the server offset', async () => {
  const proxy = await startTcpProxy(env.central.port, { cutAfterBytes: 700_000 });
  try {
    const config = env.stationVariant('cut', (s) => {
      s.central.url = proxy.url;
      s.central.upload = { chunkSizeBytes: 8 * 1024 * 1024, parallel: 1, stallTimeoutMs: 5000 };
    });
    const id = await queueOne(config, 1);
    const size = (
      await openStation(config).then((s) => [s.outbox.get(id).blob!.size, s.close()])
    )[0] as number;
    const before = central();
    const result = await runSyncNow(config);
    assert.deepEqual(result, { sent: 1, parked: 0, remaining: 0 });
    assert.equal(proxy.cuts, 1);
    assert.equal(central(), before + 1);
    assert.ok((await causes(config, id)).includes('connection-lost'));
    const resumed = env.requests.find(
      (r) => r.method === 'PATCH' && r.url.endsWith(id) && Number(r.offset) > 0,
    );
    assert.ok(resumed, 'a PATCH continued from a non-zero offset');
    assert.ok(
      proxy.totalBytes < size * 1.5,
      `sent ${proxy.totalBytes} bytes for ${size}: resumed, not restarted`,
    );
  } finally {
    await proxy.close();
  }
});

test('5xx answers are retried with backoff until the dossier is stored', async () => {
  const config = env.stationVariant('5xx', () => undefined);
  const id = await queueOne(config, 0.1);
  let failures = 0;
  env.inject = (r) => (r.url.includes('/uploads') && failures++ < 3 ? 503 : undefined);
  try {
    const before = central();
    const result = await runSyncNow(config);
    assert.deepEqual(result, { sent: 1, parked: 0, remaining: 0 });
    assert.equal(central(), before + 1);
    assert.ok(failures >= 3);
    assert.ok((await causes(config, id)).includes('server-error'));
  } finally {
    env.inject = () => undefined;
  }
});

test('a dossier that always gets 5xx is parked after maxAttempts and does not block the others', async () => {
  const config = env.stationVariant('5xx-poison', () => undefined);
  const poison = await queueOne(config, 0.05);
  const good = await enqueueSynthetic(config, 2, 0.05);
  env.inject = (r) => (r.url.includes(poison) || r.metadataDossierId === poison ? 500 : undefined);
  try {
    const result = await runSyncNow(config);
    assert.deepEqual(result, { sent: 2, parked: 1, remaining: 0 });
    const station = await openStation(config);
    try {
      for (const id of good.ids) assert.equal(station.outbox.get(id).state, 'acknowledged');
      const entry = station.outbox.get(poison);
      assert.equal(entry.state, 'parked');
      assert.equal(entry.parkCause, 'server-error');
      assert.equal(entry.attempts, 5); // retry.maxAttempts in the test settings
    } finally {
      station.close();
    }
  } finally {
    env.inject = () => undefined;
  }
});

test('slow link: progress is reported as bytes go, and the dossier arrives', async () => {
  const proxy = await startTcpProxy(env.central.port, { bytesPerSecond: 1_500_000 });
  try {
    const config = env.stationVariant('slow', (s) => {
      s.central.url = proxy.url;
    });
    await queueOne(config, 0.6);
    const seen: number[] = [];
    const started = Date.now();
    const result = await runSyncNow(config, { onProgress: (p) => seen.push(p.sent) });
    assert.deepEqual(result, { sent: 1, parked: 0, remaining: 0 });
    assert.ok(Date.now() - started > 300, 'the throttle was in effect');
    assert.ok(new Set(seen).size >= 3, `several progress steps (${seen.length})`);
  } finally {
    await proxy.close();
  }
});

test('stalled link: the stall timeout abandons the request, the retry completes', async () => {
  const proxy = await startTcpProxy(env.central.port, { stalled: true });
  try {
    const config = env.stationVariant('stall', (s) => {
      s.central.url = proxy.url;
      s.central.upload = { chunkSizeBytes: 256 * 1024, parallel: 1, stallTimeoutMs: 1000 };
    });
    const id = await queueOne(config, 0.1);
    setTimeout(() => {
      proxy.faults.stalled = false;
    }, 2500).unref();
    const result = await runSyncNow(config, { giveUpAfterMs: 20_000 });
    assert.deepEqual(result, { sent: 1, parked: 0, remaining: 0 });
    const seen = await causes(config, id);
    assert.ok(seen.includes('central-unreachable') || seen.includes('connection-lost'), seen.join(','));
  } finally {
    await proxy.close();
  }
});

test('duplicate delivery is answered with the same receipt and stored once', async () => {
  const config = env.stationVariant('dup', () => undefined);
  const id = await queueOne(config, 0.1);
  const station = await openStation(config);
  const agent = createTlsAgent(station.material.tls);
  try {
    const entry = station.outbox.get(id);
    const ciphertext = await station.outbox.readCiphertext(id);
    const job = { dossierId: id, dispatch: entry.dispatch, ciphertext, attempt: 1 };
    const options = { baseUrl: env.central.url, agent, chunkSizeBytes: 1 << 20, stallTimeoutMs: 5000 };
    const before = central();
    const first = await deliverDossier(job, options);
    const second = await deliverDossier(job, options); // attempt 1 again: a full re-upload
    const third = await deliverDossier({ ...job, attempt: 2 }, options); // answered from the stored receipt
    assert.equal(second, first);
    assert.equal(third, first);
    assert.equal(central(), before + 1);
    const outcomes = env.central.store
      .deliveries()
      .filter((d) => d.dossierId === id)
      .map((d) => d.outcome);
    assert.deepEqual(outcomes, ['stored', 'duplicate']);
    station.outbox.startUpload(id);
    await station.outbox.acknowledge(id, second);
  } finally {
    agent.destroy();
    station.close();
  }
});

test('server restart during an upload: the station resumes against the restarted server', async () => {
  const proxy = await startTcpProxy(env.central.port, { bytesPerSecond: 1_000_000 });
  try {
    const config = env.stationVariant('restart', (s) => {
      s.central.url = proxy.url;
      s.central.upload = { chunkSizeBytes: 8 * 1024 * 1024, parallel: 1, stallTimeoutMs: 5000 };
    });
    const id = await queueOne(config, 1);
    const before = central();
    const restarted = new Promise<void>((resolve, reject) => {
      setTimeout(() => env.restartCentral().then(resolve, reject), 500);
    });
    const result = await runSyncNow(config, { giveUpAfterMs: 30_000 });
    await restarted;
    assert.deepEqual(result, { sent: 1, parked: 0, remaining: 0 });
    assert.equal(central(), before + 1);
    assert.ok((await causes(config, id)).some((c) => c === 'connection-lost' || c === 'central-unreachable'));
  } finally {
    await proxy.close();
  }
});

async function expectRefused(config: string, cause: string): Promise<void> {
  const id = await queueOne(config, 0.05);
  const before = central();
  const states: string[] = [];
  const result = await runSyncNow(config, { onState: (s) => states.push(`${s.state}:${s.detail ?? ''}`) });
  assert.equal(result.sent, 0);
  assert.equal(result.remaining, 1, `${JSON.stringify(result)} ${JSON.stringify(await causes(config, id))}`);
  assert.equal(result.cause, cause);
  assert.ok(states.at(-1)?.startsWith('blocked:'), states.join(' | '));
  assert.equal(central(), before);
}

test('a server certificate from another CA is refused (pinned CA)', async () => {
  const rogueCa = await createTestCa('Rogue CA');
  const rogueCert = await rogueCa.issue({ kind: 'server', commonName: 'rogue', ips: ['127.0.0.1'] });
  const port = await freePort();
  const rogue: Server = createServer({ cert: rogueCert.cert, key: rogueCert.key }, (_req, res) => {
    res.writeHead(200).end('{"receipt":"x.y.z"}');
  });
  await new Promise<void>((resolve) => rogue.listen(port, '127.0.0.1', resolve));
  try {
    const config = env.stationVariant('rogue-server', (s) => {
      s.central.url = `https://127.0.0.1:${port}`;
    });
    await expectRefused(config, 'server-certificate-refused');
  } finally {
    rogue.closeAllConnections();
    await new Promise((resolve) => rogue.close(resolve));
  }
});

async function stationCert(name: string, cert: { cert: string; key: string }): Promise<string> {
  writeFileSync(join(env.dir, `${name}.pem`), cert.cert);
  writeFileSync(join(env.dir, `${name}-key.pem`), cert.key, { mode: 0o600 });
  return env.stationVariant(name, (s) => {
    s.central.tls = { ...s.central.tls, cert: `${name}.pem`, key: `${name}-key.pem` };
  });
}

const demoCa = () =>
  loadCa(
    readFileSync(join(env.dir, 'pki', 'ca.pem'), 'utf8'),
    readFileSync(join(env.dir, 'pki', 'ca-key.pem'), 'utf8'),
  );

test('an expired station certificate is refused', async () => {
  const now = Date.now();
  const expired = await (await demoCa()).issue({
    kind: 'client',
    commonName: env.demo.stationId,
    notBefore: new Date(now - 30 * DAY_MS),
    notAfter: new Date(now - DAY_MS),
  });
  await expectRefused(await stationCert('expired', expired), 'station-certificate-refused');
});

test('a station certificate from an unknown CA is refused', async () => {
  const other = await (await createTestCa('Unknown CA')).issue({
    kind: 'client',
    commonName: env.demo.stationId,
  });
  await expectRefused(await stationCert('unknown-ca', other), 'station-certificate-refused');
});

test('a valid certificate of a station that is not enrolled is refused', async () => {
  const stranger = await (await demoCa()).issue({ kind: 'client', commonName: 'DR-STRANGER-0001' });
  await expectRefused(await stationCert('not-enrolled', stranger), 'station-certificate-refused');
});

test('a dossier the central rejects for good is parked with its cause; the others are delivered', async () => {
  const config = env.stationVariant('rejected', () => undefined);
  const station = await openStation(config);
  let poison: string;
  try {
    // Signed by a key the central never enrolled, under this station's id.
    const impostor = await testPki(env.demo.stationId);
    const sealed = await sealDossier(
      await syntheticDossier({ stationId: env.demo.stationId, sizeBytes: 50_000 }),
      impostor.station,
      station.material.central,
    );
    impostor.cleanup();
    poison = (await station.outbox.enqueue(sealed)).dossierId;
  } finally {
    station.close();
  }
  const good = await enqueueSynthetic(config, 2, 0.05);
  const before = central();
  const result = await runSyncNow(config);
  assert.deepEqual(result, { sent: 2, parked: 1, remaining: 0 });
  assert.equal(central(), before + 2);
  const check = await openStation(config);
  try {
    const entry = check.outbox.get(poison);
    assert.equal(entry.state, 'parked');
    assert.equal(entry.parkCause, 'rejected');
    assert.match(entry.lastError ?? '', /unknown-station/);
    for (const id of good.ids) assert.equal(check.outbox.get(id).state, 'acknowledged');
  } finally {
    check.close();
  }
});

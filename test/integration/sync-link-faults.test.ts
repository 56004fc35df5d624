/**
 * The bad conditions of a town hall's link (issue 22) that run on loopback, beside
 * sync-faults.test.ts (drop mid-chunk, server restart mid-upload, slow and stalled links): a TLS
 * handshake that never completes, a central that answers 503 with Retry-After, and a central that
 * comes back while the station waits in a long backoff. Each ends with every dossier delivered
 * exactly once (the central's count) and none parked, and the agent's status says in French what
 * happened. The shaped-link conditions (cuts on a real link, 64 kbit/s) are in the WAN bench.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { countCentralDossiers } from '../../central/api';
import type { SyncState } from '../../common/domain';
import { enqueueSynthetic, openStation, runSyncNow } from '../../sync/api';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';
import { startTcpProxy } from './fixtures/tcp-proxy';

let env: SyncEnv;
before(async () => {
  env = await syncEnv();
});
after(() => env.cleanup());

const central = () => countCentralDossiers(env.demo.centralConfig);

async function outcome(config: string, ids: string[]) {
  const station = await openStation(config);
  try {
    return ids.map((id) => ({
      state: station.outbox.get(id).state,
      causes: station.outbox.events(id).map((e) => e.detail),
      events: station.outbox.events(id),
    }));
  } finally {
    station.close();
  }
}

test('TLS handshake that times out: no dossier pays for it, all are delivered once when it completes again', async () => {
  // The proxy forwards nothing towards the central: the ClientHello never arrives, the handshake hangs.
  const proxy = await startTcpProxy(env.central.port, { stalled: true });
  try {
    const config = env.stationVariant('handshake', (s) => {
      s.central.url = proxy.url;
      s.central.upload = { chunkSizeBytes: 8 * 1024 * 1024, parallel: 2, stallTimeoutMs: 1000 };
    });
    const { ids } = await enqueueSynthetic(config, 3, 0.05);
    const before = central();
    const states: SyncState[] = [];
    // Longer than maxAttempts (5) stall timeouts: counted against the dossiers, they would be parked.
    let unstalledAt = Number.POSITIVE_INFINITY;
    setTimeout(() => {
      proxy.faults.stalled = false;
      unstalledAt = Date.now();
    }, 8000).unref();
    const result = await runSyncNow(config, { giveUpAfterMs: 30_000, onState: (s) => states.push(s) });
    assert.deepEqual(result, { sent: 3, parked: 0, remaining: 0 });
    assert.equal(central(), before + 3);
    for (const o of await outcome(config, ids)) {
      assert.equal(o.state, 'acknowledged');
      // The hung handshakes were the central's or the network's, never counted as a lost upload.
      const during = o.events.filter((e) => e.at < unstalledAt).map((e) => e.detail);
      assert.ok(!during.includes('connection-lost'), JSON.stringify(o.events));
    }
    const offline = states.find((s) => s.state === 'offline');
    assert.ok(offline, states.map((s) => s.state).join(','));
    assert.match(
      offline.detail ?? '',
      /^Connexion au système central perdue depuis .+ — \d+ dossiers? en attente\./,
    );
  } finally {
    await proxy.close();
  }
});

test('central back while the station waits in a long back-off: the sync resumes at once, not at the end of it', async () => {
  const config = env.stationVariant('link-up', (s) => {
    // A back-off of at least 10 s after the first failure (equal jitter: half of 20 s fixed).
    s.central.retry = { maxAttempts: 5, baseDelayMs: 20_000, maxDelayMs: 60_000 };
  });
  const { ids } = await enqueueSynthetic(config, 2, 0.05);
  const before = central();
  await env.central.close(); // connections refused: the central is down
  const states: SyncState[] = [];
  let offlineAt = 0;
  const syncing = runSyncNow(config, {
    giveUpAfterMs: 120_000,
    onState: (s) => {
      states.push(s);
      if (s.state === 'offline' && !offlineAt) offlineAt = Date.now();
    },
  });
  while (!offlineAt) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1500));
  await env.restartCentral();
  const back = Date.now();
  const result = await syncing;
  assert.deepEqual(result, { sent: 2, parked: 0, remaining: 0 });
  assert.equal(central(), before + 2);
  for (const o of await outcome(config, ids)) assert.equal(o.state, 'acknowledged');
  assert.ok(
    Date.now() - offlineAt < 10_000,
    `delivered ${Date.now() - back} ms after the central came back, before the 10 s back-off ended`,
  );
  assert.match(
    states.find((s) => s.state === 'offline')?.detail ?? '',
    /^Connexion au système central perdue depuis moins d’une minute — 2 dossiers en attente\./,
  );
});

test('central answering 503 with Retry-After: the station waits what it asked, then delivers once', async () => {
  // A front with the central's own certificate (as a load balancer would be) that answers 503
  // Retry-After: 2 to every request; after two of them the proxy sends connections to the central.
  const pem = (name: string) => readFileSync(join(env.dir, 'central', name));
  const answered: number[] = [];
  const busy = createServer(
    { cert: pem('tls.pem'), key: pem('tls-key.pem'), ca: pem('station-ca.pem'), requestCert: true },
    (req, res) => {
      req.resume();
      answered.push(Date.now());
      res.writeHead(503, { 'retry-after': '2', connection: 'close', 'content-type': 'application/json' });
      res.end('{"error":"overloaded","message":"try later"}');
      if (answered.length >= 2) proxy.targetPort = env.central.port;
    },
  );
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const proxy = await startTcpProxy((busy.address() as AddressInfo).port);
  try {
    const config = env.stationVariant('busy', (s) => {
      s.central.url = proxy.url;
      s.central.upload = { chunkSizeBytes: 8 * 1024 * 1024, parallel: 1, stallTimeoutMs: 5000 };
    });
    const { ids } = await enqueueSynthetic(config, 2, 0.05);
    const before = central();
    const states: SyncState[] = [];
    const result = await runSyncNow(config, { giveUpAfterMs: 30_000, onState: (s) => states.push(s) });
    assert.deepEqual(result, { sent: 2, parked: 0, remaining: 0 });
    assert.equal(central(), before + 2);
    assert.equal(answered.length, 2);
    assert.ok(
      answered[1]! - answered[0]! >= 1900,
      `second request ${answered[1]! - answered[0]!} ms after the first`,
    );
    const waiting = states.find((s) => s.detail?.includes('surchargé'));
    assert.equal(waiting?.state, 'backoff', states.map((s) => `${s.state}:${s.detail}`).join(' | '));
    assert.ok(waiting?.online);
    for (const o of await outcome(config, ids)) assert.equal(o.state, 'acknowledged');
  } finally {
    await proxy.close();
    busy.close();
  }
});

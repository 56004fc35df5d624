/**
 * End to end on loopback, through the CLI's functions: provision a demo environment, start the
 * reference central server, enqueue synthetic dossiers, sync, and check the central's count, the
 * receipts (verified against the pinned central key and equal to what the central stored), that a
 * second sync sends nothing, purge after retention, and that neither data folder holds plaintext.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { countCentralDossiers } from '../../central/api';
import {
  enqueueSynthetic,
  openStation,
  queueStatus,
  runSyncNow,
  submitDossier,
  syntheticDossier,
} from '../../sync/api';
import { verifyReceipt } from '../../sync/crypto/station';
import { findMarker } from '../../sync/store/plaintext-scanner';
import { allFiles } from '../../sync/store/store.testing';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

let env: SyncEnv;
before(async () => {
  env = await syncEnv();
});
after(() => env.cleanup());

const N = 6;
const marker = randomBytes(32);

test('provision -> enqueue N -> sync now: the central holds exactly N, receipts verify', async () => {
  const { ids } = await enqueueSynthetic(env.demo.stationConfig, N - 1, 0.25);
  // One more carrying a known marker in its portrait, through the UI's path.
  const station = await openStation(env.demo.stationConfig);
  const marked = await submitDossier(
    station,
    await syntheticDossier({ stationId: env.demo.stationId, sizeBytes: 200_000, marker }),
  );
  station.close();
  ids.push(marked.dossierId);
  assert.deepEqual(await queueStatus(env.demo.stationConfig), {
    queued: N,
    uploading: 0,
    acknowledged: 0,
    parked: 0,
  });

  const states: string[] = [];
  const progress = new Map<string, number>();
  const result = await runSyncNow(env.demo.stationConfig, {
    onState: (s) => states.push(s.state),
    onProgress: (p) => {
      assert.ok(p.sent <= p.total);
      assert.ok(p.sent >= (progress.get(p.dossierId) ?? 0), 'progress never goes back');
      progress.set(p.dossierId, p.sent);
    },
  });
  assert.deepEqual(result, { sent: N, parked: 0, remaining: 0 });
  assert.equal(countCentralDossiers(env.demo.centralConfig), N);
  assert.ok(states.includes('uploading') && states.at(-1) === 'idle', states.join(','));
  for (const id of ids) assert.ok((progress.get(id) ?? 0) > 0, `progress reported for ${id}`);

  const check = await openStation(env.demo.stationConfig);
  try {
    for (const id of ids) {
      const entry = check.outbox.get(id);
      assert.equal(entry.state, 'acknowledged');
      const verified = await verifyReceipt(entry.receipt!, check.material.central, entry);
      assert.equal(verified.dossierId, id);
      const stored = env.central.store.find(id)!;
      assert.equal(stored.receipt, entry.receipt, 'the station keeps the receipt the central stored');
      assert.equal(stored.ciphertextSha256, entry.ciphertextSha256);
    }
  } finally {
    check.close();
  }
});

test('a second sync sends nothing and the central records no new delivery', async () => {
  const before = env.central.store.deliveries().length;
  const uploads = env.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').length;
  const result = await runSyncNow(env.demo.stationConfig);
  assert.deepEqual(result, { sent: 0, parked: 0, remaining: 0 });
  assert.equal(env.central.store.deliveries().length, before);
  assert.equal(env.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').length, uploads);
  assert.equal(countCentralDossiers(env.demo.centralConfig), N);
});

test('no plaintext in the station or central data folders after sync', () => {
  const stationFiles = allFiles(join(env.dir, 'station-data'));
  const centralFiles = allFiles(join(env.dir, 'central-data'));
  assert.ok(stationFiles.some((f) => f.endsWith('.rcq')) && centralFiles.some((f) => f.endsWith('.jwe')));
  assert.deepEqual(findMarker([...stationFiles, ...centralFiles], marker), []);
});

test('acknowledged ciphertext is purged after the retention, receipts are kept', async () => {
  const later = Date.now() + 8 * 24 * 3600 * 1000; // retentionDays is 7
  const station = await openStation(env.demo.stationConfig, { now: () => later });
  try {
    const entries = station.outbox.list({ state: 'acknowledged' });
    assert.equal(entries.length, N);
    const blobs = entries.map((e) => e.blob!.path);
    assert.ok(blobs.every((path) => existsSync(path)));
    const purged = await station.outbox.purgeDue();
    assert.equal(purged.length, N);
    assert.ok(blobs.every((path) => !existsSync(path)));
    for (const entry of station.outbox.list()) {
      assert.equal(entry.state, 'purged');
      assert.ok(entry.receipt);
    }
    assert.deepEqual(station.outbox.counts(), { queued: 0, uploading: 0, acknowledged: 0, parked: 0 });
  } finally {
    station.close();
  }
});

/**
 * The station's storage under stress, through the same paths the CLI uses: a disk too full to take
 * a new dossier (refused with a French message, queue untouched), and a corrupted outbox database
 * (rebuilt from the blob and receipt files at startup; sync then delivers what was pending, and
 * nothing already delivered is stored twice).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { countCentralDossiers } from '../../central/api';
import { enqueueSynthetic, openStation, queueStatus, runSyncNow } from '../../sync/api';
import { DiskSpaceError } from '../../sync/store';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

let env: SyncEnv;
before(async () => {
  env = await syncEnv();
});
after(() => env.cleanup());

test('a dossier is refused before the disk is full (minFreeMb), and the queue is untouched', async () => {
  const config = env.stationVariant('disk-full', (s) => {
    s.central.minFreeMb = 1024;
  });
  await enqueueSynthetic(config, 1, 0.05, { freeSpace: async () => 2 * 1024 ** 3 });
  await assert.rejects(
    enqueueSynthetic(config, 1, 0.05, { freeSpace: async () => 1024 ** 3 }),
    (error: unknown) =>
      error instanceof DiskSpaceError &&
      /Espace disque insuffisant/.test(error.message) &&
      /1.024 Mo/.test(error.message),
  );
  assert.deepEqual(await queueStatus(config), { queued: 1, uploading: 0, acknowledged: 0, parked: 0 });
});

test('a corrupted outbox database is rebuilt; pending dossiers are sent, delivered ones are not stored twice', async () => {
  const config = env.stationVariant('corrupt', () => undefined);
  const delivered = await enqueueSynthetic(config, 3, 0.05);
  assert.equal((await runSyncNow(config)).sent, 3);
  const pending = await enqueueSynthetic(config, 2, 0.05);
  const before = countCentralDossiers(env.demo.centralConfig);

  writeFileSync(join(env.dir, 'data-corrupt', 'outbox.sqlite'), Buffer.alloc(16384, 0x5a));
  const station = await openStation(config);
  try {
    assert.equal(station.recovery.database, 'rebuilt');
    assert.deepEqual(station.recovery.adopted.sort(), [...delivered.ids, ...pending.ids].sort());
    for (const id of delivered.ids) assert.equal(station.outbox.get(id).state, 'acknowledged');
    for (const id of pending.ids) assert.equal(station.outbox.get(id).state, 'queued');
  } finally {
    station.close();
  }
  const result = await runSyncNow(config);
  assert.deepEqual(result, { sent: 2, parked: 0, remaining: 0 });
  assert.equal(countCentralDossiers(env.demo.centralConfig), before + 2);
  const stored = env.central.store.deliveries().filter((d) => d.outcome === 'stored');
  for (const id of [...delivered.ids, ...pending.ids])
    assert.equal(stored.filter((d) => d.dossierId === id).length, 1);
});

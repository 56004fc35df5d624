import assert from 'node:assert/strict';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { SealedDossier } from '../crypto/seal';
import type { Db } from './database';
import { openDatabase } from './database';
import type { Outbox } from './outbox';
import { type StoreFixture, storeFixture } from './store.testing';

let fx: StoreFixture;
let clock: number;
beforeEach(async () => {
  fx = await storeFixture();
  clock = 1_750_000_000_000;
});
afterEach(() => fx.cleanup());

const open = () => fx.open({ now: () => clock, retentionMs: 60_000 });
const dbOf = (outbox: Outbox) => (outbox as unknown as { db: Db }).db;

/** One dossier in each of queued, parked, acknowledged and purged. */
async function populate(outbox: Outbox) {
  const queued = await fx.seal();
  const parked = await fx.seal();
  const acked = await fx.seal();
  const purged = await fx.seal();
  for (const s of [queued, parked, acked, purged]) await outbox.enqueue(s);
  outbox.park(parked.dossierId, 'test');
  for (const s of [acked, purged]) {
    outbox.startUpload(s.dossierId);
    await outbox.acknowledge(s.dossierId, await fx.receiptFor(s));
  }
  clock += 30_000;
  outbox.startUpload(queued.dossierId);
  outbox.recordFailure(queued.dossierId, { error: 'e', cause: 'network', retryAt: clock });
  // Only `purged` is past its retention.
  dbOf(outbox).prepare('UPDATE outbox SET purge_after = 0 WHERE dossier_id = ?').run(purged.dossierId);
  await outbox.purgeDue();
  return { queued, parked, acked, purged };
}

test('a clean restart reports nothing to repair', async () => {
  const first = await open();
  assert.equal(first.report.database, 'created');
  await populate(first.outbox);
  const before = first.outbox.list();
  first.outbox.close();
  const again = await open();
  assert.equal(again.report.database, 'ok');
  assert.deepEqual(
    [
      again.report.adopted,
      again.report.restoredReceipts,
      again.report.missingBlobs,
      again.report.quarantined,
    ],
    [[], [], [], []],
  );
  assert.deepEqual(again.outbox.list(), before);
  again.outbox.close();
});

for (const [what, corrupt] of [
  [
    'garbage over the file header',
    (path: string) => {
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(100, 0x5a), 0, 100, 0);
      closeSync(fd);
    },
  ],
  [
    'garbage over the table pages',
    (path: string) => {
      const size = readFileSync(path).length;
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
      closeSync(fd);
    },
  ],
] as const) {
  test(`a corrupt database (${what}) is moved aside and rebuilt from the files without losing a dossier`, async () => {
    const first = await open();
    const { queued, parked, acked, purged } = await populate(first.outbox);
    first.outbox.close(); // checkpoints the WAL into the main file
    corrupt(join(fx.dataDir, 'outbox.sqlite'));

    const { outbox, report } = await open();
    try {
      assert.equal(report.database, 'rebuilt');
      assert.ok(report.problems.length > 0);
      assert.ok(report.movedAside && readdirSync(report.movedAside).includes('outbox.sqlite'));
      assert.deepEqual(report.adopted.sort(), [queued, parked, acked].map((s) => s.dossierId).sort());
      const state = (s: SealedDossier) => outbox.get(s.dossierId).state;
      // Queued and parked come back queued (parking is not recoverable), receipts restore the rest.
      assert.deepEqual(
        [state(queued), state(parked), state(acked), state(purged)],
        ['queued', 'queued', 'acknowledged', 'purged'],
      );
      assert.equal(outbox.get(acked.dossierId).purgeAfter, 1_750_000_000_000 + 60_000);
      assert.deepEqual(await outbox.readCiphertext(queued.dossierId), Buffer.from(queued.ciphertext));
      assert.equal(outbox.get(queued.dossierId).dispatch, queued.dispatch);
      assert.deepEqual(outbox.counts(), { queued: 2, uploading: 0, acknowledged: 1, parked: 0 });
    } finally {
      outbox.close();
    }
  });
}

test('a database that is not SQLite at all is rebuilt too', async () => {
  const first = await open();
  const s = await fx.seal();
  await first.outbox.enqueue(s);
  first.outbox.close();
  writeFileSync(
    join(fx.dataDir, 'outbox.sqlite'),
    'this is not a database, just text that is long enough'.repeat(100),
  );
  const { outbox, report } = await open();
  assert.equal(report.database, 'rebuilt');
  assert.equal(outbox.get(s.dossierId).state, 'queued');
  outbox.close();
});

test('crash windows: orphan temp file, blob without row, receipt without row update, interrupted upload', async () => {
  const first = await open();
  const orphanBlob = await fx.seal();
  const ackedOnDiskOnly = await fx.seal();
  const interrupted = await fx.seal();
  for (const s of [orphanBlob, ackedOnDiskOnly, interrupted]) await first.outbox.enqueue(s);
  first.outbox.startUpload(ackedOnDiskOnly.dossierId);
  await first.outbox.acknowledge(ackedOnDiskOnly.dossierId, await fx.receiptFor(ackedOnDiskOnly));
  first.outbox.startUpload(interrupted.dossierId);
  const db = dbOf(first.outbox);
  // Crash after the blob rename, before the row commit:
  db.prepare('DELETE FROM outbox WHERE dossier_id = ?').run(orphanBlob.dossierId);
  // Crash after the receipt file, before the row update:
  db.prepare(
    "UPDATE outbox SET state = 'uploading', receipt = NULL, purge_after = NULL WHERE dossier_id = ?",
  ).run(ackedOnDiskOnly.dossierId);
  first.outbox.close();
  // Crash in the middle of a blob write:
  writeFileSync(join(fx.dataDir, 'blobs', '.0190aaaa-0000-7000-8000-000000000000.rcq.123abc.tmp'), 'partial');

  const { outbox, report } = await open();
  try {
    assert.equal(report.removedTempFiles.length, 1);
    assert.deepEqual(report.adopted, [orphanBlob.dossierId]);
    assert.deepEqual(report.restoredReceipts, [ackedOnDiskOnly.dossierId]);
    assert.deepEqual(report.interruptedUploads, [interrupted.dossierId]);
    assert.equal(outbox.get(orphanBlob.dossierId).state, 'queued');
    assert.equal(outbox.get(ackedOnDiskOnly.dossierId).state, 'acknowledged');
    const requeued = outbox.get(interrupted.dossierId);
    assert.deepEqual(
      [requeued.state, requeued.lastErrorCause, requeued.attempts],
      ['queued', 'interrupted', 1],
    );
    assert.deepEqual(
      readdirSync(join(fx.dataDir, 'blobs')).filter((name) => name.endsWith('.tmp')),
      [],
    );
  } finally {
    outbox.close();
  }
});

test('a vanished blob parks its dossier; a bit-flipped orphan blob is quarantined, not adopted', async () => {
  const first = await open();
  const lost = await fx.seal();
  const rotten = await fx.seal();
  await first.outbox.enqueue(lost);
  await first.outbox.enqueue(rotten);
  dbOf(first.outbox).prepare('DELETE FROM outbox WHERE dossier_id = ?').run(rotten.dossierId);
  first.outbox.close();
  rmSync(join(fx.dataDir, 'blobs', `${lost.dossierId}.rcq`));
  const rottenPath = join(fx.dataDir, 'blobs', `${rotten.dossierId}.rcq`);
  const bytes = readFileSync(rottenPath);
  bytes[bytes.length - 10]! ^= 0x01;
  writeFileSync(rottenPath, bytes);

  const { outbox, report } = await open();
  try {
    assert.deepEqual(report.missingBlobs, [lost.dossierId]);
    assert.deepEqual(
      [outbox.get(lost.dossierId).state, outbox.get(lost.dossierId).parkCause],
      ['parked', 'blob-missing'],
    );
    assert.deepEqual(report.quarantined, [rottenPath]);
    assert.equal(outbox.find(rotten.dossierId), undefined);
    assert.ok(existsSync(join(fx.dataDir, 'corrupt', 'files', `${rotten.dossierId}.rcq`)));
  } finally {
    outbox.close();
  }
});

test('a database from a newer Recueil is left untouched', async () => {
  const first = await open();
  first.outbox.close();
  const db = openDatabase(join(fx.dataDir, 'outbox.sqlite'));
  db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 0)").run();
  db.close();
  await assert.rejects(open(), /version plus récente de Recueil/);
  assert.equal(existsSync(join(fx.dataDir, 'corrupt')), false);
});

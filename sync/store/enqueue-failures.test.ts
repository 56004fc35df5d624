import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { realFileOps } from './atomic-file';
import type { Db } from './database';
import { DiskSpaceError } from './disk-space';
import { insertRow, type StoreFixture, storeFixture } from './store.testing';

let fx: StoreFixture;
beforeEach(async () => {
  fx = await storeFixture();
});
afterEach(() => fx.cleanup());

const empty = { queued: 0, uploading: 0, acknowledged: 0, parked: 0 };
const MB = 1024 * 1024;

test('a dossier is refused with a French message when it would eat into the free-space reserve', async () => {
  let free = 600 * MB;
  const { outbox } = await fx.open({ minFreeBytes: 512 * MB, freeSpace: async () => free });
  try {
    const kept = await fx.seal();
    await outbox.enqueue(kept);
    free = 512 * MB + 1000; // less than reserve + this dossier
    await assert.rejects(outbox.enqueue(await fx.seal()), (error) => {
      assert.ok(error instanceof DiskSpaceError);
      assert.equal(error.code, 'disk-full');
      assert.match(error.message, /^Espace disque insuffisant : 512 Mo libres/);
      return true;
    });
    assert.deepEqual(outbox.counts(), { ...empty, queued: 1 });
    assert.deepEqual(readdirSync(join(fx.dataDir, 'blobs')), [`${kept.dossierId}.rcq`]);
  } finally {
    outbox.close();
  }
});

test('the real statfs probe reports this volume', async () => {
  const { statfsProbe } = await import('./disk-space');
  const free = await statfsProbe(fx.dataDir);
  assert.ok(Number.isFinite(free) && free > 0);
});

test('ENOSPC in the middle of the blob write leaves the queue as it was, and the next enqueue works', async () => {
  let failNext = false;
  const { outbox } = await fx.open({
    fileOps: {
      ...realFileOps,
      async writeAll(handle, chunks) {
        if (!failNext) return realFileOps.writeAll(handle, chunks);
        await handle.write(chunks[0]!, 0, chunks[0]!.length, 0); // part of the data reached the disk
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    },
  });
  const first = await fx.seal();
  await outbox.enqueue(first);
  failNext = true;
  const doomed = await fx.seal();
  await assert.rejects(outbox.enqueue(doomed), (error) => {
    assert.ok(error instanceof DiskSpaceError);
    assert.match(error.message, /Espace disque insuffisant/);
    assert.equal((error.cause as { code: string }).code, 'ENOSPC');
    return true;
  });
  assert.deepEqual(outbox.counts(), { ...empty, queued: 1 });
  assert.equal(outbox.find(doomed.dossierId), undefined);
  assert.deepEqual(readdirSync(join(fx.dataDir, 'blobs')), [`${first.dossierId}.rcq`]);
  failNext = false;
  await outbox.enqueue(doomed);
  assert.deepEqual(outbox.counts(), { ...empty, queued: 2 });
  outbox.close();

  const reopened = await fx.open();
  assert.deepEqual(reopened.report.adopted, []);
  assert.deepEqual(reopened.report.removedTempFiles, []);
  assert.equal(reopened.report.database, 'ok');
  assert.deepEqual(reopened.outbox.counts(), { ...empty, queued: 2 });
  reopened.outbox.close();
});

test('SQLITE_FULL on the row insert removes the blob again and reports a full disk', async () => {
  const { outbox } = await fx.open();
  const first = await fx.seal();
  await outbox.enqueue(first);
  // Make the database refuse to grow: cap its page count at its current size.
  const db = (outbox as unknown as { db: Db }).db;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  const blocked = await fx.seal();
  // Fill every page, with ever smaller rows, so that the next insert must allocate a page.
  let n = 0;
  for (const size of [3000, 1000, 300, 100, 30, 10]) {
    try {
      for (;;) {
        n += 1;
        insertRow(db, {
          dossier_id: `filler-${n}`,
          state: 'purged',
          blob_file: null,
          receipt: 'r',
          purge_after: 0,
          dispatch: 'x'.repeat(size),
        });
      }
    } catch (error) {
      assert.equal((error as { code: string }).code, 'SQLITE_FULL');
    }
  }
  await assert.rejects(outbox.enqueue(blocked), (error) => {
    assert.ok(error instanceof DiskSpaceError);
    assert.equal((error.cause as { code: string }).code, 'SQLITE_FULL');
    return true;
  });
  assert.deepEqual(readdirSync(join(fx.dataDir, 'blobs')), [`${first.dossierId}.rcq`]);
  assert.deepEqual(outbox.counts(), { ...empty, queued: 1 });
  outbox.close();
});

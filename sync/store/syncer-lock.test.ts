import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { Outbox } from './outbox';
import { type StoreFixture, spawnSyncerLockHolder, storeFixture } from './store.testing';
import { acquireSyncerLock, SYNCER_LOCK_FILE, SyncerBusyError } from './syncer-lock';

let fx: StoreFixture;
const children: ChildProcess[] = [];
beforeEach(async () => {
  fx = await storeFixture();
});
async function lockHolder(dir: string): Promise<ChildProcess> {
  const child = await spawnSyncerLockHolder(dir);
  children.push(child);
  return child;
}
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  fx.cleanup();
});

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL'); // no chance to release: the lock file stays behind, stale
  await exited;
}

const lockPath = () => join(fx.dataDir, SYNCER_LOCK_FILE);

test('the syncer lock is exclusive, names its holder and is released', () => {
  const lock = acquireSyncerLock(fx.dataDir);
  assert.equal(JSON.parse(readFileSync(lockPath(), 'utf8')).pid, process.pid);
  assert.throws(
    () => acquireSyncerLock(fx.dataDir),
    (error) =>
      error instanceof SyncerBusyError && error.pid === process.pid && /déjà en cours/.test(error.message),
  );
  lock.release();
  assert.equal(existsSync(lockPath()), false);
  acquireSyncerLock(fx.dataDir).release();
});

test('a second process is kept out while the holder lives, and takes over a stale lock', async () => {
  const holder = await lockHolder(fx.dataDir);
  assert.throws(
    () => acquireSyncerLock(fx.dataDir),
    (error) => error instanceof SyncerBusyError && error.pid === holder.pid,
  );
  await kill(holder);
  assert.equal(existsSync(lockPath()), true, 'the killed holder left its lock file');
  const lock = acquireSyncerLock(fx.dataDir);
  assert.equal(JSON.parse(readFileSync(lockPath(), 'utf8')).pid, process.pid);
  lock.release();
});

test("opening the outbox while another syncer runs leaves that syncer's uploads alone", async () => {
  const { outbox } = await fx.open();
  const sealed = await fx.seal();
  await outbox.enqueue(sealed);
  outbox.startUpload(sealed.dossierId); // the other syncer's upload in flight
  outbox.close();

  const holder = await lockHolder(fx.dataDir);
  let second: Outbox | undefined;
  try {
    const opened = await fx.open();
    second = opened.outbox;
    assert.deepEqual(opened.report.interruptedUploads, []);
    assert.equal(second.get(sealed.dossierId).state, 'uploading');
    assert.throws(() => second!.lockSyncer(), SyncerBusyError);
    assert.equal(second.claimNext(), undefined);

    // The holder dies mid-upload: the next syncer requeues its upload when it takes the lock.
    await kill(holder);
    const lock = second.lockSyncer();
    try {
      assert.equal(second.get(sealed.dossierId).state, 'queued');
      assert.equal(second.claimNext()?.dossierId, sealed.dossierId);
    } finally {
      lock.release();
    }
  } finally {
    second?.close();
  }
});

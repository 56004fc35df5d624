import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, test } from 'node:test';
import type { StationMaterial } from '../config/material';
import { SyncSettings } from '../config/settings';
import { type StoreFixture, spawnSyncerLockHolder, storeFixture } from '../store/store.testing';
import { createSyncEngine } from './engine';

let fx: StoreFixture;
let holder: ChildProcess | undefined;
beforeEach(async () => {
  fx = await storeFixture();
});
afterEach(() => {
  holder?.kill('SIGKILL');
  fx.cleanup();
});

test('sync now while another process syncs the same outbox: waits, then reports who holds it', async () => {
  const { outbox } = await fx.open();
  try {
    const sealed = await fx.seal();
    await outbox.enqueue(sealed);
    holder = await spawnSyncerLockHolder(fx.dataDir);
    const settings = SyncSettings.parse({
      url: 'https://127.0.0.1:9', // never contacted: nothing may be claimed without the lock
      tls: { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' },
      centralKeys: { encryption: 'enc.json', receipts: 'receipts.json' },
      signingKey: { file: 'key.json' },
    });
    const material = { tls: { ca: '', cert: '', key: '' } } as unknown as StationMaterial;
    const engine = createSyncEngine({ outbox, settings, material });
    const started = Date.now();
    const result = await engine.syncNow({ giveUpAfterMs: 1500 });
    await engine.close();
    assert.ok(Date.now() - started >= 1000, 'it waited for the other syncer');
    assert.equal(result.sent, 0);
    assert.equal(result.remaining, 1);
    assert.equal(result.cause, 'syncer-busy');
    assert.match(result.explanation ?? '', new RegExp(`processus ${holder.pid}`));
    assert.equal(outbox.get(sealed.dossierId).state, 'queued');
    assert.equal(outbox.get(sealed.dossierId).attempts, 0);
  } finally {
    outbox.close();
  }
});

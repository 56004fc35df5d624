import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { serializeDossier } from '../dossier';
import { sampleDossier } from '../dossier/dossier.testing';
import { DuplicateDossierError, type Outbox } from './outbox';
import { NotSealedError } from './sealed-input';
import { IllegalTransitionError, type OutboxState } from './states';
import { type StoreFixture, storeFixture } from './store.testing';

let fx: StoreFixture;
let outbox: Outbox;
let clock: number;
beforeEach(async () => {
  fx = await storeFixture();
  clock = 1_750_000_000_000;
  ({ outbox } = await fx.open({ now: () => clock, retentionMs: 60_000 }));
});
afterEach(() => {
  outbox.close();
  fx.cleanup();
});

test('enqueue makes a 0600 blob file and a queued row, and is idempotent', async () => {
  const sealed = await fx.seal();
  const entry = await outbox.enqueue(sealed);
  assert.equal(entry.state, 'queued');
  assert.equal(entry.attempts, 0);
  assert.ok(entry.blob);
  assert.equal(statSync(entry.blob.path).mode & 0o777, 0o600);
  assert.deepEqual(await outbox.readCiphertext(sealed.dossierId), Buffer.from(sealed.ciphertext));
  assert.deepEqual(outbox.counts(), { queued: 1, uploading: 0, acknowledged: 0, parked: 0 });

  assert.equal((await outbox.enqueue(sealed)).dossierId, sealed.dossierId);
  assert.deepEqual(outbox.counts(), { queued: 1, uploading: 0, acknowledged: 0, parked: 0 });
  const other = await fx.seal();
  await assert.rejects(outbox.enqueue({ ...other, dossierId: sealed.dossierId }), DuplicateDossierError);
});

test('only sealed dossiers are accepted: a clear container is refused and nothing is written', async () => {
  const sealed = await fx.seal();
  const clear = serializeDossier(sampleDossier({ imageBytes: 1024 })).bytes;
  await assert.rejects(outbox.enqueue({ ...sealed, ciphertext: clear }), NotSealedError);
  const tampered = Uint8Array.from(sealed.ciphertext);
  tampered[tampered.length - 5]! ^= 0x01;
  await assert.rejects(outbox.enqueue({ ...sealed, ciphertext: tampered }), /SHA-256/);
  assert.deepEqual(readdirSync(join(fx.dataDir, 'blobs')), []);
  assert.deepEqual(outbox.counts(), { queued: 0, uploading: 0, acknowledged: 0, parked: 0 });
});

test('delivery: claim, acknowledge with a verified receipt, purge after retention only', async () => {
  const sealed = await fx.seal();
  await outbox.enqueue(sealed);
  const claimed = outbox.claimNext();
  assert.equal(claimed?.dossierId, sealed.dossierId);
  assert.equal(claimed?.state, 'uploading');
  assert.equal(claimed?.attempts, 1);
  assert.equal(outbox.claimNext(), undefined);

  const acked = await outbox.acknowledge(sealed.dossierId, await fx.receiptFor(sealed));
  assert.equal(acked.state, 'acknowledged');
  assert.equal(acked.purgeAfter, clock + 60_000);
  assert.ok(existsSync(join(fx.dataDir, 'receipts', `${sealed.dossierId}.json`)));
  assert.deepEqual(outbox.counts(), { queued: 0, uploading: 0, acknowledged: 1, parked: 0 });

  assert.deepEqual(await outbox.purgeDue(clock + 59_999), []);
  assert.ok(existsSync(acked.blob!.path));
  assert.deepEqual(await outbox.purgeDue(clock + 60_000), [sealed.dossierId]);
  assert.equal(existsSync(acked.blob!.path), false);
  const purged = outbox.get(sealed.dossierId);
  assert.equal(purged.state, 'purged');
  assert.equal(purged.blob, null);
  assert.ok(purged.receipt);
  assert.ok(existsSync(join(fx.dataDir, 'receipts', `${sealed.dossierId}.json`)), 'receipt kept after purge');
  assert.deepEqual(outbox.counts(), { queued: 0, uploading: 0, acknowledged: 0, parked: 0 });
  assert.deepEqual(
    outbox.events(sealed.dossierId).map((e) => [e.from, e.to]),
    [
      [null, 'queued'],
      ['queued', 'uploading'],
      ['uploading', 'acknowledged'],
      ['acknowledged', 'purged'],
    ],
  );
});

test('a receipt for another ciphertext is refused and the dossier stays uploading', async () => {
  const sealed = await fx.seal();
  await outbox.enqueue(sealed);
  outbox.claimNext();
  const wrong = await fx.receiptFor({ ...sealed, ciphertextSha256: 'f'.repeat(64) });
  await assert.rejects(outbox.acknowledge(sealed.dossierId, wrong), /receipt rejected/);
  assert.equal(outbox.get(sealed.dossierId).state, 'uploading');
  assert.equal(existsSync(join(fx.dataDir, 'receipts', `${sealed.dossierId}.json`)), false);
});

test('failures are retried at their due time; attempts, last error and its cause are kept', async () => {
  const sealed = await fx.seal();
  await outbox.enqueue(sealed);
  outbox.claimNext();
  const failed = outbox.recordFailure(sealed.dossierId, {
    error: 'ECONNREFUSED',
    cause: 'network',
    retryAt: clock + 5000,
  });
  assert.deepEqual(
    [failed.state, failed.lastError, failed.lastErrorCause, failed.nextAttemptAt],
    ['queued', 'ECONNREFUSED', 'network', clock + 5000],
  );
  assert.equal(outbox.claimNext(clock + 4999), undefined);
  assert.equal(outbox.claimNext(clock + 5000)?.attempts, 2);
  const parked = outbox.park(
    sealed.dossierId,
    'rejected:bad-dispatch-signature',
    'central refused the signature',
  );
  assert.deepEqual([parked.state, parked.parkCause], ['parked', 'rejected:bad-dispatch-signature']);
  assert.deepEqual(outbox.counts(), { queued: 0, uploading: 0, acknowledged: 0, parked: 1 });
  assert.equal(outbox.requeue(sealed.dossierId).state, 'queued');
});

test('claimNext takes the earliest due dossier first', async () => {
  const first = await fx.seal();
  const second = await fx.seal();
  await outbox.enqueue(second);
  await outbox.enqueue(first);
  assert.equal(outbox.claimNext()?.dossierId, first.dossierId);
  assert.equal(outbox.claimNext()?.dossierId, second.dossierId);
});

/** Puts a fresh dossier in `state` through legal operations. */
async function dossierIn(state: OutboxState): Promise<string> {
  const sealed = await fx.seal();
  await outbox.enqueue(sealed);
  if (state === 'queued') return sealed.dossierId;
  outbox.startUpload(sealed.dossierId);
  if (state === 'uploading') return sealed.dossierId;
  if (state === 'parked') {
    outbox.park(sealed.dossierId, 'test');
    return sealed.dossierId;
  }
  await outbox.acknowledge(sealed.dossierId, await fx.receiptFor(sealed));
  if (state === 'purged') await outbox.purgeDue(clock + 60_000);
  return sealed.dossierId;
}

test('every operation is refused from a state the machine does not allow, and the row is unchanged', async () => {
  const operations: [string, OutboxState, (id: string) => Promise<unknown>][] = [
    ['startUpload', 'uploading', async (id) => outbox.startUpload(id)],
    [
      'recordFailure',
      'queued',
      async (id) => outbox.recordFailure(id, { error: 'e', cause: 'c', retryAt: 0 }),
    ],
    ['park', 'parked', async (id) => outbox.park(id, 'c')],
    ['requeue', 'queued', async (id) => outbox.requeue(id)],
    [
      'acknowledge',
      'acknowledged',
      async (id) => outbox.acknowledge(id, await fx.receiptFor(outbox.get(id))),
    ],
  ];
  const allowed: Record<OutboxState, string[]> = {
    queued: ['startUpload', 'park'],
    uploading: ['recordFailure', 'park', 'acknowledge'],
    acknowledged: [],
    purged: [],
    parked: ['requeue'],
  };
  for (const from of ['queued', 'uploading', 'acknowledged', 'purged', 'parked'] as const) {
    for (const [name, to, run] of operations) {
      const id = await dossierIn(from);
      if (allowed[from].includes(name)) {
        await run(id);
        assert.equal(outbox.get(id).state, to, `${name} from ${from}`);
      } else {
        const before = outbox.get(id);
        await assert.rejects(run(id), IllegalTransitionError, `${name} from ${from} should be refused`);
        assert.deepEqual(outbox.get(id), before);
      }
    }
  }
});

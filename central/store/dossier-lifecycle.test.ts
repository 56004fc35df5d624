import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { uuidV7 } from '../../sync/dossier';
import { tempDir } from '../../sync/store/store.testing';
import { CentralStore } from './central-store';
import { LifecycleRefused } from './dossier-lifecycle';

let dir: ReturnType<typeof tempDir>;
let store: CentralStore;
beforeEach(async () => {
  dir = tempDir('recueil-lifecycle-');
  store = await CentralStore.open(dir.dir);
});
afterEach(() => {
  store.close();
  dir.cleanup();
});

async function stored(stationId = 'ST-1', kind: 'application' | 'certification' = 'application') {
  const dossierId = uuidV7();
  const upload = join(dir.dir, `${dossierId}.upload`);
  await fs.writeFile(upload, 'ciphertext');
  await store.storeOnce(
    upload,
    {
      dossierId,
      stationId,
      kind,
      ciphertextSha256: 'a'.repeat(64),
      ciphertextSize: 10,
      manifest: '{}',
      attestation: 'att',
      receipt: 'rcpt',
      receivedAt: '2026-12-08T09:00:00.000Z',
    },
    Date.parse('2026-12-08T09:00:00Z'),
  );
  return dossierId;
}

const refused = (code: LifecycleRefused['code'], message: RegExp) => (error: unknown) =>
  error instanceof LifecycleRefused && error.code === code && message.test(error.message);

test('a dossier is received when it is stored, and announced to its station', async () => {
  const a = await stored('ST-1');
  const b = await stored('ST-2', 'certification');
  assert.deepEqual(store.lifecycle.list(), [
    { dossier: a, kind: 'application', status: 'received' },
    { dossier: b, kind: 'certification', status: 'received' },
  ]);
  assert.deepEqual(store.lifecycle.status(a), {
    dossier: a,
    status: 'received',
    history: [{ status: 'received', at: '2026-12-08T09:00:00.000Z' }],
  });
  const { messages } = store.messagesFor('ST-1', 0, 10);
  assert.equal(messages.length, 1);
  assert.equal(messages[0]!.type, 'dossier.status');
  assert.equal(messages[0]!.dossierId, a);
  assert.equal(store.messagesFor('ST-2', 0, 10).messages[0]!.dossierId, b, 'each station sees its own');
  assert.equal(store.lifecycle.status(uuidV7()), undefined);
});

test('moves follow the transitions; a rejection needs a reason; final statuses stay final', async () => {
  const id = await stored();
  assert.throws(
    () => store.lifecycle.advance(id, 'title_available'),
    refused('transition', /is received: it can move to instruction, rejected, not title_available/),
  );
  store.lifecycle.advance(id, 'instruction');
  store.lifecycle.advance(id, 'title_produced');
  store.lifecycle.advance(id, 'title_available');
  store.lifecycle.advance(id, 'handed_over');
  assert.throws(
    () => store.lifecycle.advance(id, 'rejected', { reason: 'fraude' }),
    refused('transition', /final status/),
  );
  assert.deepEqual(
    store.lifecycle.status(id)!.history.map((h) => h.status),
    ['received', 'instruction', 'title_produced', 'title_available', 'handed_over'],
  );
  const other = await stored();
  assert.throws(() => store.lifecycle.advance(other, 'rejected'), refused('transition', /needs a reason/));
  store.lifecycle.advance(other, 'rejected', { reason: 'piece-manquante' });
  assert.equal(store.lifecycle.status(other)!.history.at(-1)!.reason, 'piece-manquante');
  assert.deepEqual(
    store.lifecycle.list('rejected').map((e) => e.dossier),
    [other],
  );
  assert.throws(
    () => store.lifecycle.advance(uuidV7(), 'instruction'),
    refused('unknown-dossier', /unknown dossier/),
  );
});

test('a complement request moves a received dossier through instruction and queues its message with the deadline', async () => {
  const id = await stored();
  const at = Date.parse('2026-12-08T10:00:00Z');
  const request = store.lifecycle.requestComplement(id, {
    part: 'portrait',
    reason: 'photo-floue',
    days: 15,
    at,
  });
  const view = store.lifecycle.status(id)!;
  assert.equal(view.status, 'complement_requested');
  assert.deepEqual(view.history.slice(1), [
    { status: 'instruction', at: '2026-12-08T10:00:00.000Z' },
    { status: 'complement_requested', at: '2026-12-08T10:00:00.000Z', reason: 'photo-floue', request },
  ]);
  const { messages } = store.messagesFor('ST-1', 0, 10);
  assert.deepEqual(
    messages.map((m) => m.type),
    ['dossier.status', 'dossier.status', 'dossier.status', 'complement.request'],
  );
  const seqs = messages.map((m) => m.seq);
  assert.deepEqual(
    [...seqs].sort((x, y) => x - y),
    seqs,
    'seq grows',
  );
  const asked = messages.at(-1)!;
  assert.ok(asked.type === 'complement.request');
  assert.equal(asked.requestId, request);
  assert.equal(asked.deadline, '2026-12-23T10:00:00.000Z');
  assert.equal(asked.exp, Math.floor(Date.parse('2026-12-23T10:00:00Z') / 1000));
  // paging: after the second one, at most one, and more to come
  const page = store.messagesFor('ST-1', seqs[1]!, 1);
  assert.deepEqual(
    page.messages.map((m) => m.seq),
    [seqs[2]],
  );
  assert.equal(page.more, true);
  // a second request while one is open is not a move the status allows
  assert.throws(
    () => store.lifecycle.requestComplement(id, { part: 'signature', reason: 'x', days: 1 }),
    refused('transition', /complement_requested/),
  );
  assert.equal(store.messagesFor('ST-1', 0, 10).messages.length, 4, 'a refused request queues nothing');
});

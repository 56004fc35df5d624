import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../database';
import { insertRow, tempDatabase } from '../store.testing';
import { migration } from './0001-outbox';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  migration.up(db);
});
afterEach(() => ctx.cleanup());

test('0001 creates the outbox table with its indexes', () => {
  const columns = (db.pragma('table_info(outbox)') as { name: string }[]).map((c) => c.name);
  for (const name of [
    'dossier_id',
    'state',
    'blob_file',
    'attempts',
    'last_error',
    'last_error_cause',
    'next_attempt_at',
    'park_cause',
    'receipt',
    'purge_after',
  ]) {
    assert.ok(columns.includes(name), name);
  }
  const indexes = (db.pragma('index_list(outbox)') as { name: string }[]).map((i) => i.name);
  assert.ok(indexes.includes('outbox_due') && indexes.includes('outbox_purge'));
  insertRow(db);
  assert.equal((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n, 1);
});

test('0001 rejects unknown states and kinds, duplicates and wrong types (STRICT)', () => {
  insertRow(db);
  assert.throws(() => insertRow(db), /UNIQUE|PRIMARY KEY/);
  assert.throws(() => insertRow(db, { dossier_id: 'b', blob_file: 'b', state: 'sent' }), /CHECK/);
  assert.throws(() => insertRow(db, { dossier_id: 'c', blob_file: 'c', kind: 'passport' }), /CHECK/);
  assert.throws(
    () => insertRow(db, { dossier_id: 'd', blob_file: 'd', attempts: 'many' }),
    /cannot store TEXT value in INTEGER column/,
  );
  assert.throws(() => insertRow(db, { dossier_id: 'e', blob_file: 'e', ciphertext_sha256: 'abc' }), /CHECK/);
});

test('0001 enforces the state invariants: purged has no blob, acknowledged has a receipt, parked has a cause', () => {
  assert.throws(
    () => insertRow(db, { dossier_id: 'p', state: 'purged', receipt: 'r', purge_after: 1 }),
    /CHECK/,
  );
  assert.throws(() => insertRow(db, { dossier_id: 'q', blob_file: null }), /CHECK/);
  assert.throws(() => insertRow(db, { dossier_id: 'a', blob_file: 'a', state: 'acknowledged' }), /CHECK/);
  insertRow(db, { dossier_id: 'a2', blob_file: 'a2', state: 'acknowledged', receipt: 'r', purge_after: 5 });
  assert.throws(() => insertRow(db, { dossier_id: 'k', blob_file: 'k', state: 'parked' }), /CHECK/);
  insertRow(db, { dossier_id: 'k2', blob_file: 'k2', state: 'parked', park_cause: 'rejected' });
});

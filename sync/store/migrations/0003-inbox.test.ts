import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../database';
import { insertRow, tempDatabase } from '../store.testing';
import { migration as m0001 } from './0001-outbox';
import { migration as m0002 } from './0002-outbox-events';
import { migration } from './0003-inbox';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  m0001.up(db);
  m0002.up(db);
  insertRow(db, { dossier_id: 'old', blob_file: 'old' });
  migration.up(db);
});
afterEach(() => ctx.cleanup());

const message = (id: string, seq: number) =>
  db
    .prepare("INSERT INTO inbox_messages VALUES (?, ?, 'dossier.status', 'D1', '{}', 'jws', 10, 1)")
    .run(id, seq);

test('0003 keeps the outbox and starts an empty inbox at cursor 0', () => {
  assert.equal((db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n, 1);
  assert.deepEqual(db.prepare('SELECT last_seq FROM inbox_cursor').all(), [{ last_seq: 0 }]);
  assert.throws(() => db.prepare('INSERT INTO inbox_cursor VALUES (2, 0)').run(), /CHECK/);
});

test('0003 refuses a message id or seq seen twice, unknown statuses and parts, and a journal entry twice', () => {
  message('M1', 1);
  assert.throws(() => message('M1', 2), /UNIQUE|PRIMARY KEY/);
  assert.throws(() => message('M2', 1), /UNIQUE/);
  assert.throws(() => message('M3', 0), /CHECK/);
  assert.throws(
    () => db.prepare("INSERT INTO central_statuses VALUES ('D1', 'lost', NULL, 't', 1, 1)").run(),
    /CHECK/,
  );
  const request = db.prepare("INSERT INTO complement_requests VALUES (?, 'D1', ?, 'r', 't', 'open', ?, 1)");
  request.run('R1', 'portrait', 'M1');
  assert.throws(() => request.run('R2', 'iris', 'M1'), /CHECK/);
  assert.throws(() => request.run('R3', 'portrait', 'unknown'), /FOREIGN KEY/);
  const journal = db.prepare("INSERT INTO inbox_journal (dedupe, outcome, at) VALUES (?, 'refused', 1)");
  journal.run('refused:replay:M1');
  assert.throws(() => journal.run('refused:replay:M1'), /UNIQUE/);
});

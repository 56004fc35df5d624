import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../database';
import { insertRow, tempDatabase } from '../store.testing';
import { migration as m0001 } from './0001-outbox';
import { migration } from './0002-outbox-events';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  m0001.up(db);
});
afterEach(() => ctx.cleanup());

const events = () =>
  db.prepare('SELECT dossier_id, from_state, to_state, detail FROM outbox_events ORDER BY seq').all() as {
    dossier_id: string;
    from_state: string | null;
    to_state: string;
    detail: string | null;
  }[];

test('0002 journals rows that existed before it', () => {
  insertRow(db, { dossier_id: 'old', blob_file: 'old' });
  migration.up(db);
  assert.deepEqual(events(), [
    { dossier_id: 'old', from_state: null, to_state: 'queued', detail: 'before journal' },
  ]);
});

test('0002 records inserts and every state change, with the park cause or error cause', () => {
  migration.up(db);
  insertRow(db, { dossier_id: 'd1', blob_file: 'd1' });
  db.prepare("UPDATE outbox SET state = 'uploading', updated_at = 2 WHERE dossier_id = 'd1'").run();
  db.prepare(
    "UPDATE outbox SET state = 'queued', last_error_cause = 'network', updated_at = 3 WHERE dossier_id = 'd1'",
  ).run();
  db.prepare("UPDATE outbox SET attempts = 4 WHERE dossier_id = 'd1'").run(); // no state change: no event
  db.prepare(
    "UPDATE outbox SET state = 'parked', park_cause = 'rejected', updated_at = 4 WHERE dossier_id = 'd1'",
  ).run();
  assert.deepEqual(
    events().map((e) => [e.from_state, e.to_state, e.detail]),
    [
      [null, 'queued', null],
      ['queued', 'uploading', null],
      ['uploading', 'queued', 'network'],
      ['queued', 'parked', 'rejected'],
    ],
  );
});

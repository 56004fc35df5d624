import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../../../sync/store/database';
import { tempDatabase } from '../../../sync/store/store.testing';
import { migration as m0001 } from './0001-central-dossiers';
import { migration as m0002 } from './0002-counter-services';
import { migration } from './0003-dossier-lifecycle';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
const D1 = '01938a6e-7c00-7000-8000-000000000001';
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  m0001.up(db);
  m0002.up(db);
  db.prepare("INSERT INTO dossiers VALUES (?,'ST','application',?,1,'D1.bin','{}','a','r','t',1234)").run(
    D1,
    'a'.repeat(64),
  );
  migration.up(db);
});
afterEach(() => ctx.cleanup());

test('0003 starts the dossiers stored before it as received, with one history entry', () => {
  assert.deepEqual(db.prepare('SELECT dossier_id, status, updated_at FROM dossier_statuses').all(), [
    { dossier_id: D1, status: 'received', updated_at: 1234 },
  ]);
  assert.deepEqual(db.prepare('SELECT dossier_id, status, at FROM dossier_status_history').all(), [
    { dossier_id: D1, status: 'received', at: 1234 },
  ]);
});

test('0003 refuses unknown statuses and parts, unknown dossiers, invalid claims and a message expiring before it is made', () => {
  assert.throws(() => db.prepare("UPDATE dossier_statuses SET status = 'lost'").run(), /CHECK/);
  assert.throws(
    () =>
      db
        .prepare("INSERT INTO dossier_status_history (dossier_id, status, at) VALUES ('nope', 'received', 1)")
        .run(),
    /FOREIGN KEY/,
  );
  const request = db.prepare(
    "INSERT INTO complement_requests VALUES (?, ?, ?, 'photo-floue', 10, 'open', 1, NULL)",
  );
  request.run('R1', D1, 'portrait');
  assert.throws(() => request.run('R2', D1, 'iris'), /CHECK/);
  const message = db.prepare(
    "INSERT INTO central_messages (id, station_id, type, dossier_id, claims, created_at, expires_at) VALUES (?, 'ST', 'dossier.status', ?, ?, ?, ?)",
  );
  message.run('M1', D1, '{}', 1, 2);
  assert.throws(() => message.run('M1', D1, '{}', 1, 2), /UNIQUE/);
  assert.throws(() => message.run('M2', D1, 'not json', 1, 2), /CHECK/);
  assert.throws(() => message.run('M3', D1, '{}', 2, 2), /CHECK/);
  const seqs = db.prepare('SELECT seq FROM central_messages').all() as { seq: number }[];
  assert.deepEqual(seqs, [{ seq: 1 }]);
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../../../sync/store/database';
import { tempDatabase } from '../../../sync/store/store.testing';
import { CENTRAL_MIGRATIONS } from '.';
import { migration } from './0004-ephoto';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  for (const m of CENTRAL_MIGRATIONS.slice(0, migration.version - 1)) m.up(db);
  db.prepare("INSERT INTO pre_applications VALUES ('7K2M9Q4T1Z', '2026-12-01', NULL, '{}')").run();
  migration.up(db);
});
afterEach(() => ctx.cleanup());

test('0004 keeps the earlier tables and adds the e-photo records', () => {
  assert.equal(CENTRAL_MIGRATIONS[migration.version - 1], migration);
  assert.equal((db.prepare('SELECT count(*) AS n FROM pre_applications').get() as { n: number }).n, 1);
  db.prepare(
    "INSERT INTO ephoto_records VALUES ('4KQ7M2ZP9XRTB6WN3HCV4N', 't', 'e', 'jws', x'ffd8', x'89', NULL, NULL)",
  ).run();
  assert.equal((db.prepare('SELECT count(*) AS n FROM ephoto_records').get() as { n: number }).n, 1);
});

test('0004 refuses a code of the wrong length, a second record of the same code and untyped values', () => {
  const add = db.prepare('INSERT INTO ephoto_records VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)');
  assert.throws(() => add.run('SHORT', 't', 'e', 'j', Buffer.from('a'), Buffer.from('b')), /CHECK/);
  add.run('4KQ7M2ZP9XRTB6WN3HCV4N', 't', 'e', 'j', Buffer.from('a'), Buffer.from('b'));
  assert.throws(
    () => add.run('4KQ7M2ZP9XRTB6WN3HCV4N', 't', 'e', 'j', Buffer.from('a'), Buffer.from('b')),
    /UNIQUE|PRIMARY KEY/,
  );
  assert.throws(
    () => add.run('4KQ7M2ZP9XRTB6WN3HCV4X', 't', 'e', 'j', 'text', Buffer.from('b')),
    /cannot store/,
  );
});

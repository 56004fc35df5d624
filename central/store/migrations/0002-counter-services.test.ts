import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../../../sync/store/database';
import { tempDatabase } from '../../../sync/store/store.testing';
import { migration as m0001 } from './0001-central-dossiers';
import { migration } from './0002-counter-services';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  m0001.up(db);
  db.prepare("INSERT INTO dossiers VALUES ('D1','ST','application',?,1,'D1.bin','{}','a','r','t',1)").run(
    'a'.repeat(64),
  );
  migration.up(db);
});
afterEach(() => ctx.cleanup());

test('0002 keeps the dossiers of 0001 and adds the three counter-service tables', () => {
  assert.equal((db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n, 1);
  db.prepare("INSERT INTO pre_applications VALUES ('7K2M9Q4T1Z', '2026-12-01', NULL, '{}')").run();
  db.prepare(
    "INSERT INTO rdv_appointments VALUES ('7K2M9Q4T1Z', 'Mairie de Lyon', '69123', '2026-12-20T09:00:00', 'https://rdv/1', NULL, 1)",
  ).run();
  db.prepare(
    "INSERT INTO tax_stamps VALUES ('1234567890123452', 8600, '2026-12-01', 'valid', NULL, NULL)",
  ).run();
  for (const table of ['pre_applications', 'rdv_appointments', 'tax_stamps'])
    assert.equal((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, 1);
});

test('0002 refuses bad lengths, invalid JSON, negative amounts, unknown states and a second appointment on the same URL', () => {
  assert.throws(
    () => db.prepare("INSERT INTO pre_applications VALUES ('SHORT', 't', NULL, '{}')").run(),
    /CHECK/,
  );
  assert.throws(
    () => db.prepare("INSERT INTO pre_applications VALUES ('7K2M9Q4T1Z', 't', NULL, 'not json')").run(),
    /CHECK/,
  );
  assert.throws(
    () =>
      db.prepare("INSERT INTO tax_stamps VALUES ('1234567890123452', -1, 't', 'valid', NULL, NULL)").run(),
    /CHECK/,
  );
  assert.throws(
    () => db.prepare("INSERT INTO tax_stamps VALUES ('1234567890123452', 1, 't', 'lost', NULL, NULL)").run(),
    /CHECK/,
  );
  const add = db.prepare(
    "INSERT INTO rdv_appointments VALUES ('7K2M9Q4T1Z', ?, NULL, '2026-12-20T09:00:00', 'https://rdv/1', NULL, 1)",
  );
  add.run('Mairie A');
  assert.throws(() => add.run('Mairie B'), /UNIQUE|PRIMARY KEY/);
});

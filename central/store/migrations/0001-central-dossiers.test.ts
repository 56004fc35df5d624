import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { Db } from '../../../sync/store/database';
import { tempDatabase } from '../../../sync/store/store.testing';
import { migration } from './0001-central-dossiers';

let ctx: ReturnType<typeof tempDatabase>;
let db: Db;
beforeEach(() => {
  ctx = tempDatabase();
  db = ctx.db;
  migration.up(db);
});
afterEach(() => ctx.cleanup());

function insertDossier(over: Record<string, unknown> = {}): void {
  const row = {
    dossier_id: 'D1',
    station_id: 'ST-1',
    kind: 'application',
    ciphertext_sha256: 'a'.repeat(64),
    ciphertext_size: 10,
    ciphertext_file: 'D1.bin',
    manifest: '{}',
    attestation: 'x',
    receipt: 'r',
    received_at: '2026-12-07T10:00:00Z',
    stored_at: 1,
    ...over,
  };
  const names = Object.keys(row);
  db.prepare(
    `INSERT INTO dossiers (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`,
  ).run(row);
}

test('0001 creates the dossiers and deliveries tables', () => {
  insertDossier();
  db.prepare("INSERT INTO deliveries (dossier_id, outcome, at) VALUES ('D1', 'stored', 1)").run();
  db.prepare("INSERT INTO deliveries (dossier_id, outcome, at) VALUES ('D1', 'duplicate', 2)").run();
  const n = (db.prepare('SELECT count(*) AS n FROM deliveries').get() as { n: number }).n;
  assert.equal(n, 2);
  const indexes = (db.pragma('index_list(dossiers)') as { name: string }[]).map((i) => i.name);
  assert.ok(indexes.includes('dossiers_station'));
});

test('0001 stores a dossier id once and refuses unknown kinds, short hashes, empty sizes and wrong types', () => {
  insertDossier();
  assert.throws(() => insertDossier({ ciphertext_file: 'other.bin' }), /UNIQUE|PRIMARY KEY/);
  assert.throws(() => insertDossier({ dossier_id: 'D2', ciphertext_file: 'D2', kind: 'passport' }), /CHECK/);
  assert.throws(
    () => insertDossier({ dossier_id: 'D3', ciphertext_file: 'D3', ciphertext_sha256: 'ab' }),
    /CHECK/,
  );
  assert.throws(
    () => insertDossier({ dossier_id: 'D4', ciphertext_file: 'D4', ciphertext_size: 0 }),
    /CHECK/,
  );
  assert.throws(
    () => insertDossier({ dossier_id: 'D5', ciphertext_file: 'D5', stored_at: 'soon' }),
    /cannot store TEXT value in INTEGER column/,
  );
  assert.throws(
    () => db.prepare("INSERT INTO deliveries (dossier_id, outcome, at) VALUES ('D1', 'lost', 1)").run(),
    /CHECK/,
  );
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { migratedDatabasePerTest } from '../../store.testing';
import { migration } from './0001-ledger';

const current = migratedDatabasePerTest({ beforeEach, afterEach }, migration);

const insertMinute = (minute: unknown, state: unknown, causeSet: unknown = null, source: unknown = 0) =>
  current()
    .prepare('INSERT INTO ledger_minutes (minute, state, cause_set, source) VALUES (?, ?, ?, ?)')
    .run(minute, state, causeSet, source);

test('0001 creates the ledger tables', () => {
  const tables = (
    current().prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  for (const name of ['ledger_cause_sets', 'ledger_events', 'ledger_meta', 'ledger_minutes'])
    assert.ok(tables.includes(name), name);
});

test('0001 keeps one row per minute: a second record of the same minute is refused', () => {
  insertMinute(100, 0);
  assert.throws(() => insertMinute(100, 0), /UNIQUE|PRIMARY KEY/);
});

test('0001 refuses unknown states and sources, a ready minute with causes and a degraded one without', () => {
  current().prepare(`INSERT INTO ledger_cause_sets (id, causes) VALUES (1, '[{"cause":"disk-low"}]')`).run();
  assert.throws(() => insertMinute(1, 3), /CHECK/);
  assert.throws(() => insertMinute(2, 0, null, 7), /CHECK/);
  assert.throws(() => insertMinute(3, 0, 1), /CHECK/);
  assert.throws(() => insertMinute(4, 1, null), /CHECK/);
  assert.throws(() => insertMinute(5, 'down'), /cannot store TEXT value in INTEGER column/);
  assert.throws(() => insertMinute(6, 2, 99), /FOREIGN KEY/);
  insertMinute(7, 2, 1, 1);
  assert.throws(
    () => current().prepare(`INSERT INTO ledger_cause_sets (causes) VALUES ('not json')`).run(),
    /CHECK|JSON/,
  );
});

test('0001 refuses unknown event kinds', () => {
  const event = current().prepare(
    'INSERT INTO ledger_events (at, kind, minute, minutes) VALUES (?, ?, ?, ?)',
  );
  event.run(1, 'clock-jump-forward', 10, 120);
  assert.throws(() => event.run(1, 'reboot', 10, 1), /CHECK/);
});

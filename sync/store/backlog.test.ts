/** The outbox backlog the health checks read: unsent and parked counts with the oldest of each. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { backlogOf } from './backlog';
import { MIGRATIONS } from './migrations';
import { insertRow, migratedDatabasePerTest } from './store.testing';

const db = migratedDatabasePerTest({ beforeEach, afterEach }, ...MIGRATIONS);
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const extra: Record<string, Record<string, unknown>> = {
  acknowledged: { receipt: 'r', purge_after: 1 },
  purged: { receipt: 'r', purge_after: 1, blob_file: null },
  parked: { park_cause: 'rejected' },
};
const row = (n: number, state: string, enqueuedAt: number) =>
  insertRow(db(), {
    dossier_id: id(n),
    blob_file: `${id(n)}.rcq`,
    state,
    enqueued_at: enqueuedAt,
    ...extra[state],
  });

describe('outbox backlog', () => {
  it('is empty for an empty outbox', () => {
    assert.deepEqual(backlogOf(db()), { unsent: 0, parked: 0 });
  });
  it('counts queued and uploading as unsent, parked apart, acknowledged and purged not at all', () => {
    row(1, 'acknowledged', 100);
    row(2, 'queued', 500);
    row(3, 'uploading', 300);
    row(4, 'parked', 200);
    row(5, 'purged', 50);
    assert.deepEqual(backlogOf(db()), { unsent: 2, oldestUnsentAt: 300, parked: 1, oldestParkedAt: 200 });
  });
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { tempDir } from '../store/store.testing';
import { freezeState, lastSuccessfulSync, recordSuccessfulSync, startFreezeCount } from './last-sync';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('recueil-last-sync-');
});
afterEach(() => tmp.cleanup());

const DAY = 86_400_000;
const t0 = Date.parse('2026-12-01T10:00:00Z');

test('a station that never synced counts from its first start; a sync moves the count on', async () => {
  assert.equal(lastSuccessfulSync(tmp.dir), undefined);
  await startFreezeCount(tmp.dir, new Date(t0));
  await startFreezeCount(tmp.dir, new Date(t0 + DAY)); // a restart does not restart the count
  assert.deepEqual(lastSuccessfulSync(tmp.dir), { at: new Date(t0).toISOString(), kind: 'first-start' });
  await recordSuccessfulSync(tmp.dir, new Date(t0 + 2 * DAY));
  assert.deepEqual(lastSuccessfulSync(tmp.dir), { at: new Date(t0 + 2 * DAY).toISOString(), kind: 'sync' });
});

test('frozen once more than freezeDays have passed since the last successful sync', () => {
  const last = { at: new Date(t0).toISOString(), kind: 'sync' as const };
  assert.equal(freezeState(last, t0 + 7 * DAY, 7).frozen, false, 'exactly the limit is not past it');
  assert.deepEqual(freezeState(last, t0 + 7 * DAY + 1, 7), { frozen: true, since: t0, freezeDays: 7 });
  assert.equal(freezeState(last, t0 + 7 * DAY + 1, 8).frozen, false);
  assert.equal(freezeState(undefined, t0, 1).frozen, false, 'no record: not frozen');
});

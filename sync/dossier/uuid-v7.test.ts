import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUuidV7Generator, isUuidV7, uuidV7, uuidV7Timestamp } from './uuid-v7';

test('UUIDv7 has the RFC 9562 format: version 7, variant 10, lower-case hex', () => {
  for (let i = 0; i < 1000; i++) {
    const id = uuidV7();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(isUuidV7(id));
  }
  assert.equal(isUuidV7('0190a6e0-0000-4000-8000-000000000000'), false);
});

test('UUIDv7 embeds the clock time in ms', () => {
  const at = Date.UTC(2025, 5, 1, 12, 0, 0, 123);
  const id = createUuidV7Generator(() => at)();
  assert.equal(uuidV7Timestamp(id), at);
  assert.equal(
    id.slice(0, 13),
    `${at.toString(16).padStart(12, '0').slice(0, 8)}-${at.toString(16).padStart(12, '0').slice(8)}`,
  );
});

test('ids of one generator strictly increase, even within one millisecond', () => {
  const next = createUuidV7Generator(() => 1_700_000_000_000);
  let previous = next();
  // More ids than the 12-bit counter holds: the generator must move to the next millisecond.
  for (let i = 0; i < 10_000; i++) {
    const id = next();
    assert.ok(id > previous, `${id} should sort after ${previous}`);
    previous = id;
  }
  assert.ok(uuidV7Timestamp(previous) > 1_700_000_000_000);
});

test('a clock that goes backwards does not produce an id that sorts earlier', () => {
  const times = [2_000_000, 2_000_005, 1_000_000, 2_000_004, 2_000_006];
  const next = createUuidV7Generator(() => times.shift()!);
  const ids = Array.from({ length: 5 }, () => next());
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(uuidV7Timestamp(ids[2]!), 2_000_005);
  assert.equal(uuidV7Timestamp(ids[4]!), 2_000_006);
});

test('ids from a real clock sort by creation time and are unique', () => {
  const ids = Array.from({ length: 5000 }, () => uuidV7());
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
});

test('clock values outside the 48-bit range are rejected', () => {
  assert.throws(() => createUuidV7Generator(() => -1)(), RangeError);
  assert.throws(() => createUuidV7Generator(() => 2 ** 48)(), RangeError);
});

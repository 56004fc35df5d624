import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoff';

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 };

test('delays double per failure, capped, with half of each delay random', () => {
  assert.equal(
    backoffDelay(policy, 1, () => 0),
    500,
  );
  assert.equal(
    backoffDelay(policy, 1, () => 1),
    1000,
  );
  assert.equal(
    backoffDelay(policy, 3, () => 0),
    2000,
  );
  assert.equal(
    backoffDelay(policy, 3, () => 1),
    4000,
  );
  assert.equal(
    backoffDelay(policy, 50, () => 1),
    60_000,
  );
  assert.equal(
    backoffDelay(policy, 50, () => 0),
    30_000,
  );
});

test('jitter spreads retries', () => {
  const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 4)));
  assert.ok(delays.size > 10);
  for (const d of delays) assert.ok(d >= 4000 && d <= 8000);
});

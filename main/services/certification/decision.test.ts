import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FINGERPRINT_MATCH_THRESHOLD } from '../../../models/fingerprint/matcher/threshold';
import { afterAttempt, decide, type FingerProgress } from './decision';

const fresh: FingerProgress = { attempts: 0, bestScore: null, status: 'pending' };
const T = FINGERPRINT_MATCH_THRESHOLD;

describe('certification decision', () => {
  it('matches a finger as soon as one capture reaches the threshold', () => {
    const once = afterAttempt(fresh, T / 2, 3);
    assert.deepEqual(once, { attempts: 1, bestScore: T / 2, status: 'pending' });
    const twice = afterAttempt(once, T, 3);
    assert.deepEqual(twice, { attempts: 2, bestScore: T, status: 'matched' });
    assert.equal(afterAttempt(twice, 0, 3), twice, 'a settled finger takes no more attempts');
  });

  it('gives up on a finger after the allowed attempts, keeping its best score', () => {
    let finger = fresh;
    for (const score of [0.2 * T, null, 0.45 * T]) finger = afterAttempt(finger, score, 3);
    assert.deepEqual(finger, { attempts: 3, bestScore: 0.45 * T, status: 'not-matched' });
    const quality = afterAttempt(afterAttempt(fresh, null, 2), null, 2);
    assert.deepEqual(quality, { attempts: 2, bestScore: null, status: 'not-matched' });
  });

  it('fuses by the mean: a missing finger counts as zero', () => {
    const matched: FingerProgress = { attempts: 1, bestScore: T, status: 'matched' };
    const weak: FingerProgress = { attempts: 3, bestScore: 0.2 * T, status: 'not-matched' };
    const none: FingerProgress = { attempts: 3, bestScore: null, status: 'not-matched' };
    assert.equal(decide([matched, weak], 'mean', true).outcome, 'refused');
    assert.equal(decide([matched, matched], 'mean', true).outcome, 'certified');
    const withNone = decide([matched, none], 'mean', true);
    assert.equal(withNone.fused, 0.5 * T);
    assert.equal(withNone.outcome, 'refused');
  });

  it('fuses by the best finger under the max rule', () => {
    const matched: FingerProgress = { attempts: 1, bestScore: 1.5 * T, status: 'matched' };
    const weak: FingerProgress = { attempts: 3, bestScore: 0.2 * T, status: 'not-matched' };
    assert.deepEqual(decide([matched, weak], 'max', true), {
      outcome: 'certified',
      fused: 1.5 * T,
      threshold: T,
    });
  });

  it('never certifies with a card that is not genuine, nor before every finger is settled', () => {
    const matched: FingerProgress = { attempts: 1, bestScore: 0.9, status: 'matched' };
    assert.equal(decide([matched], 'mean', false).outcome, 'refused');
    assert.throws(() => decide([matched, fresh], 'mean', true), RangeError);
  });
});

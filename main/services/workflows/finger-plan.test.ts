import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FingerSlot } from '../../contract/application';
import { ageInYears, initialSlots, withFallback } from './finger-plan';

const mark = (slots: FingerSlot[], finger: string, status: FingerSlot['status']) =>
  slots.map((s) => (s.finger === finger ? { ...s, status } : s));

describe('finger plan', () => {
  it('asks for both index fingers, or none under the legal age', () => {
    assert.deepEqual(
      initialSlots(true).map((s) => s.finger),
      ['right-index', 'left-index'],
    );
    assert.deepEqual(initialSlots(false), []);
  });

  it('falls back to the middle then ring finger of the same hand, then the other hand', () => {
    let slots = mark(initialSlots(true), 'right-index', 'missing');
    slots = withFallback(slots, 'right-index');
    assert.equal(slots.at(-1)?.finger, 'right-middle');
    slots = withFallback(mark(slots, 'right-middle', 'unusable'), 'right-middle');
    assert.equal(slots.at(-1)?.finger, 'right-ring');
    slots = withFallback(mark(slots, 'right-ring', 'missing'), 'right-ring');
    assert.equal(slots.at(-1)?.finger, 'left-middle');
  });

  it('adds nothing while two fingers are still open', () => {
    const slots = initialSlots(true);
    assert.equal(withFallback(slots, 'right-index').length, 2);
  });

  it('stops when no finger is left', () => {
    let slots = initialSlots(true);
    for (let i = 0; i < 10; i++) {
      const pending = slots.find((s) => s.status === 'pending');
      if (!pending) break;
      slots = withFallback(mark(slots, pending.finger, 'missing'), pending.finger);
    }
    assert.equal(slots.length, 6);
    assert.ok(slots.every((s) => s.status === 'missing'));
  });

  it('computes the age on a given day', () => {
    assert.equal(ageInYears('2014-11-27', new Date('2026-11-26T12:00:00Z')), 11);
    assert.equal(ageInYears('2014-11-26', new Date('2026-11-26T12:00:00Z')), 12);
  });
});

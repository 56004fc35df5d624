import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../../core/errors';
import { contactlessAtr } from '../simulator/virtual-card';
import { parseAtr } from './atr';

/** A contact T=0 card without TCK; a T=1 ATR with a wrong TCK. */
const ATR_T0_SIMPLE = Uint8Array.from([0x3b, 0x02, 0x14, 0x50]);
const ATR_T1_BAD_TCK = Uint8Array.from([
  0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x81, 0x81, 0x00, 0x7a,
]);

describe('ATR parser', () => {
  it('parses the PC/SC contactless ATR with a valid TCK', () => {
    const atr = parseAtr(contactlessAtr);
    assert.equal(atr.convention, 'direct');
    assert.deepEqual(atr.protocols, [0, 1]);
    assert.equal(atr.historicalBytes.length, 8);
    assert.deepEqual(atr.tck, { value: 0x7e, valid: true });
  });

  it('parses a T=0 ATR without TCK and flags a wrong TCK', () => {
    const t0 = parseAtr(ATR_T0_SIMPLE);
    assert.deepEqual(t0.protocols, [0]);
    assert.deepEqual([...t0.historicalBytes], [0x14, 0x50]);
    assert.equal(t0.tck, undefined);
    assert.equal(parseAtr(ATR_T1_BAD_TCK).tck?.valid, false);
  });

  it('rejects malformed ATRs', () => {
    assert.throws(
      () => parseAtr(Uint8Array.of(0x3b)),
      (e: FrameError) => e.code === 'TRUNCATED',
    );
    assert.throws(
      () => parseAtr(Uint8Array.of(0x12, 0x00)),
      (e: FrameError) => e.code === 'BAD_HEADER',
    );
    assert.throws(
      () => parseAtr(Uint8Array.of(0x3b, 0x05, 1, 2)),
      (e: FrameError) => e.code === 'TRUNCATED',
    );
    assert.throws(
      () => parseAtr(new Uint8Array(40).fill(0x3b)),
      (e: FrameError) => e.code === 'TOO_LARGE',
    );
    assert.throws(
      () => parseAtr(Uint8Array.of(0x3b, 0x00, 0x99)),
      (e: FrameError) => e.code === 'BAD_LENGTH',
    );
  });

  it('never throws anything but a FrameError (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          parseAtr(bytes);
        } catch (error) {
          assert.ok(error instanceof FrameError, String(error));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MARKER } from './constants';
import { decodeWsq, encodeWsq, WsqError } from './index';
import { syntheticFingerprint } from './test-fixtures';

/** Keeps each fuzzed decode small and fast; dimension checks themselves are tested elsewhere. */
const MAX_PIXELS = 1 << 20;
const SEED = 20240611;

const VALID = encodeWsq(
  { width: 80, height: 72, pixels: syntheticFingerprint(80, 72, 11), ppi: 500 },
  { bitrate: 2.25, comment: 'fuzz base' },
);
const VALID_RST = encodeWsq(
  { width: 80, height: 72, pixels: syntheticFingerprint(80, 72, 12) },
  { bitrate: 0.75, restartInterval: 9 },
);

function firstSob(bytes: Uint8Array): number {
  for (let i = 2; i + 1 < bytes.length; i++)
    if (bytes[i] === 0xff && bytes[i + 1] === (MARKER.SOB & 0xff)) return i;
  throw new Error('no SOB');
}

/** Decoding either succeeds with a consistent image or fails with a WsqError; nothing else. */
function decodesOrRejects(bytes: Uint8Array): boolean {
  try {
    const d = decodeWsq(bytes, { maxPixels: MAX_PIXELS });
    return d.pixels.length === d.width * d.height && d.width * d.height <= MAX_PIXELS;
  } catch (e) {
    if (e instanceof WsqError) return true;
    throw e;
  }
}

function mutate(base: Uint8Array, edits: Array<{ at: number; value: number }>): Uint8Array {
  const out = base.slice();
  for (const { at, value } of edits) out[at % out.length] = value;
  return out;
}

describe('WSQ decoder fuzzing', () => {
  it('the fuzz bases decode', () => {
    assert.equal(decodeWsq(VALID).width, 80);
    assert.equal(decodeWsq(VALID_RST).height, 72);
  });

  it('random bytes (400 runs)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), decodesOrRejects), {
      numRuns: 400,
      seed: SEED,
    });
  });

  it('SOI followed by random bytes (300 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (tail) => {
        const b = new Uint8Array(tail.length + 2);
        b.set([0xff, 0xa0]);
        b.set(tail, 2);
        return decodesOrRejects(b);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('valid headers followed by random entropy-coded data (300 runs)', () => {
    const head = VALID.subarray(0, firstSob(VALID) + 5);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.boolean(), (tail, withEoi) => {
        const b = new Uint8Array(head.length + tail.length + 2);
        b.set(head);
        b.set(tail, head.length);
        if (withEoi) b.set([0xff, 0xa1], head.length + tail.length);
        return decodesOrRejects(b);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('every truncation of a valid file is rejected as TRUNCATED', () => {
    for (const base of [VALID, VALID_RST]) {
      for (let n = 0; n < base.length - 1; n++) {
        assert.throws(
          () => decodeWsq(base.subarray(0, n)),
          (e) => e instanceof WsqError && e.code === 'TRUNCATED',
          `prefix of ${n} bytes`,
        );
      }
    }
  });

  const edits = (len: number) =>
    fc.array(fc.record({ at: fc.nat({ max: len - 1 }), value: fc.integer({ min: 0, max: 255 }) }), {
      minLength: 1,
      maxLength: 8,
    });

  it('byte mutations anywhere in a valid file (600 runs)', () => {
    fc.assert(
      fc.property(edits(VALID.length), (e) => decodesOrRejects(mutate(VALID, e))),
      { numRuns: 600, seed: SEED },
    );
  });

  it('byte mutations in the headers and tables (400 runs)', () => {
    const headerLength = firstSob(VALID) + 5;
    fc.assert(
      fc.property(edits(headerLength), (e) => decodesOrRejects(mutate(VALID, e))),
      { numRuns: 400, seed: SEED },
    );
  });

  it('byte mutations of a file with restart markers (300 runs)', () => {
    fc.assert(
      fc.property(edits(VALID_RST.length), (e) => decodesOrRejects(mutate(VALID_RST, e))),
      { numRuns: 300, seed: SEED },
    );
  });
});

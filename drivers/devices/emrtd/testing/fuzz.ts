/**
 * Shared fuzzing settings and a byte mutator for the parser fuzz tests (fast-check).
 */
import fc from 'fast-check';

/** Runs per fuzz property (kept so that the whole suite stays within seconds). */
export const FUZZ_RUNS = 2000;

/** Seed bytes with up to 4 byte edits in the first `window` bytes, optionally truncated. */
export function mutations(seed: Uint8Array, window = seed.length): fc.Arbitrary<Uint8Array> {
  const span = Math.max(1, Math.min(window, seed.length));
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat(span - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      fc.boolean(),
      fc.nat(seed.length),
    )
    .map(([edits, truncate, cut]) => {
      const copy = seed.slice();
      for (const [i, b] of edits) copy[i] = b;
      return truncate ? copy.subarray(0, cut) : copy;
    });
}

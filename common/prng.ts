/**
 * The project's one seeded pseudo-random generator (mulberry32): simulators, synthetic fixtures and
 * the chaos schedule draw from it so a run is replayed exactly from its seed. Not for secrets (keys,
 * nonces and tokens come from node:crypto).
 */

/** Uniform numbers in [0, 1), the same sequence for the same 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

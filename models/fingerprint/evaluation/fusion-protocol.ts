/**
 * Two-finger virtual subjects for fusion figures on single-finger sets: consecutive distinct
 * fingers of a set are paired as one person (101+102, 103+104, ...). This is a common
 * approximation, not real two-finger data: the two fingers of a real person share skin
 * condition and placement habits, so real fused errors are correlated and somewhat worse.
 * Genuine: the same impression pair (i, j), i < j, of both fingers of a subject; impostor:
 * impression i of subject s against impression j of subject t (s < t), finger by finger.
 */
import type { Pair, Sample } from './protocol';

/** One fused comparison: the per-finger sample pairs. */
export type FusedPair = readonly [Pair, Pair];

export interface FusionPairs {
  readonly subjects: readonly (readonly [number, number])[];
  readonly genuine: FusedPair[];
  readonly impostor: FusedPair[];
}

export function twoFingerPairs(samples: readonly Sample[]): FusionPairs {
  const fingers = [...new Set(samples.map((s) => s.finger))].sort((a, b) => a - b);
  const impressions = [...new Set(samples.map((s) => s.impression))].sort((a, b) => a - b);
  const index = new Map(samples.map((s, i) => [`${s.finger}_${s.impression}`, i]));
  const at = (f: number, imp: number) => index.get(`${f}_${imp}`);
  const subjects: [number, number][] = [];
  for (let k = 0; k + 1 < fingers.length; k += 2) subjects.push([fingers[k]!, fingers[k + 1]!]);
  const fused = (
    f1: number,
    i: number,
    g1: number,
    j: number,
    f2: number,
    g2: number,
  ): FusedPair | undefined => {
    const a1 = at(f1, i);
    const b1 = at(g1, j);
    const a2 = at(f2, i);
    const b2 = at(g2, j);
    if (a1 === undefined || b1 === undefined || a2 === undefined || b2 === undefined) return undefined;
    return [
      [a1, b1],
      [a2, b2],
    ];
  };
  const genuine: FusedPair[] = [];
  const impostor: FusedPair[] = [];
  for (const [f1, f2] of subjects) {
    for (const i of impressions) {
      for (const j of impressions) {
        if (j <= i) continue;
        const p = fused(f1, i, f1, j, f2, f2);
        if (p) genuine.push(p);
      }
    }
  }
  for (let s = 0; s < subjects.length; s++) {
    for (let t = s + 1; t < subjects.length; t++) {
      const [f1, f2] = subjects[s]!;
      const [g1, g2] = subjects[t]!;
      for (const i of impressions) {
        for (const j of impressions) {
          const p = fused(f1, i, g1, j, f2, g2);
          if (p) impostor.push(p);
        }
      }
    }
  }
  return { subjects, genuine, impostor };
}

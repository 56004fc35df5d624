/**
 * 1:1 comparison of two minutiae templates: MCC cylinders (cached per template object) and
 * their local similarity matrix propose seed pairs; the global seed-and-extend match
 * (global-match.ts) pairs the minutiae under the best rigid transform with a distortion
 * tolerance. The score normalises the paired minutiae by those both impressions show in their
 * common area: score = W² / ((overlapA + K)(overlapB + K)), W the closeness-weighted pair count,
 * K a prior of OVERLAP_PRIOR minutiae on each side so that a tiny overlap (3 of 3 paired) is
 * weak evidence rather than a perfect match. W is first reduced by RIVAL_PENALTY times the
 * weight of the best rival alignment (global-match.ts): what chance alone pairs between these two
 * minutiae sets (dense templates of the same pattern class pair many minutiae under unrelated
 * alignments) is not evidence of a match. Score in [0, 1), symmetric (the templates are
 * taken in a canonical order); accept when score >= FINGERPRINT_MATCH_THRESHOLD.
 */
import type { FingerprintTemplate } from '../minutiae/types';
import { cylindersOf } from './cylinders';
import { globalMatch } from './global-match';
import { similarityMatrix } from './local-similarity';

export const OVERLAP_PRIOR = 10;
/** Share of the best rival alignment's weight subtracted from the pairing weight. */
export const RIVAL_PENALTY = 0.5;

export interface ComparisonResult {
  /** Similarity in [0, 1]; higher = more likely the same finger. */
  readonly score: number;
  /** Minutiae paired under the estimated rigid transform (with distortion tolerance). */
  readonly matchedMinutiae: number;
  /** Minutiae of each template lying in the common area after alignment. */
  readonly overlapMinutiae: readonly [number, number];
  /** The paired minutiae as [index in a, index in b] (for display and audit). */
  readonly matchedPairs: readonly (readonly [number, number])[];
}

/** Deterministic order of two templates, so that compare(a, b) and compare(b, a) agree exactly. */
function before(a: FingerprintTemplate, b: FingerprintTemplate): boolean {
  if (a.minutiae.length !== b.minutiae.length) return a.minutiae.length < b.minutiae.length;
  for (let i = 0; i < a.minutiae.length; i++) {
    const p = a.minutiae[i]!;
    const q = b.minutiae[i]!;
    if (p.x !== q.x) return p.x < q.x;
    if (p.y !== q.y) return p.y < q.y;
    if (p.angle !== q.angle) return p.angle < q.angle;
  }
  return true;
}

export function compareTemplates(a: FingerprintTemplate, b: FingerprintTemplate): ComparisonResult {
  if (!before(a, b)) {
    const r = compareTemplates(b, a);
    return {
      ...r,
      overlapMinutiae: [r.overlapMinutiae[1], r.overlapMinutiae[0]],
      matchedPairs: r.matchedPairs.map(([i, j]) => [j, i] as const),
    };
  }
  const ca = cylindersOf(a);
  const cb = cylindersOf(b);
  const g = globalMatch(a, b, ca, cb, similarityMatrix(ca, cb));
  const w = Math.max(0, g.weight - RIVAL_PENALTY * g.rivalWeight);
  const score = (w * w) / ((g.overlapA + OVERLAP_PRIOR) * (g.overlapB + OVERLAP_PRIOR));
  return {
    score: Math.max(0, Math.min(1, score)),
    matchedMinutiae: g.pairs.length,
    overlapMinutiae: [g.overlapA, g.overlapB],
    matchedPairs: g.pairs,
  };
}

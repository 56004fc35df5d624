/**
 * 1:1 comparison of two minutiae templates: MCC cylinders (cached per template object),
 * local similarity matrix, LSS-R consolidation into the score, then a rigid alignment
 * check that counts the minutiae paired under the consolidated transform (reported
 * for audit and display; not part of the score). Score in [0, 1], symmetric up to
 * rounding; accept when score >= FINGERPRINT_MATCH_THRESHOLD.
 */
import type { FingerprintTemplate } from '../minutiae/types';
import { alignAndCount } from './alignment';
import { relaxedScore } from './consolidation';
import { cylindersOf } from './cylinders';
import { similarityMatrix } from './local-similarity';

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

export function compareTemplates(a: FingerprintTemplate, b: FingerprintTemplate): ComparisonResult {
  const ca = cylindersOf(a);
  const cb = cylindersOf(b);
  const matrix = similarityMatrix(ca, cb);
  const { score, pairs } = relaxedScore(matrix, ca, cb, ca.minutiaCount, cb.minutiaCount);
  const aligned = alignAndCount(a, b, ca, cb, pairs);
  return {
    score: Math.max(0, Math.min(1, score)),
    matchedMinutiae: aligned.matched,
    overlapMinutiae: [aligned.overlapA, aligned.overlapB],
    matchedPairs: aligned.pairs,
  };
}

/**
 * Multi-finger score-level fusion (e.g. the two index fingers stored in the card chip).
 *
 * - 'mean' (default): average of the per-finger scores; compare with
 *   FUSED_MEAN_MATCH_THRESHOLD (see threshold.ts). Missing fingers should be passed as 0,
 *   not dropped, so that one good finger cannot pass alone at the fused threshold.
 * - 'max': best finger; with the single-finger threshold the fused FMR is at most the sum
 *   of the per-finger FMRs (union bound), i.e. up to 2x for two fingers.
 * - 'sum': plain sum (threshold scales with the number of fingers).
 */

export type FusionRule = 'mean' | 'max' | 'sum';

export function fuseScores(scores: readonly number[], rule: FusionRule = 'mean'): number {
  if (scores.length === 0) throw new RangeError('fuseScores needs at least one score');
  for (const s of scores) if (!Number.isFinite(s)) throw new RangeError(`invalid score ${s}`);
  switch (rule) {
    case 'max':
      return Math.max(...scores);
    case 'sum':
      return scores.reduce((a, b) => a + b, 0);
    case 'mean':
      return scores.reduce((a, b) => a + b, 0) / scores.length;
  }
}

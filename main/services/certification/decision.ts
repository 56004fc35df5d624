/**
 * The certification decision: per-finger progress (a finger is matched as soon as one live capture
 * reaches the single-finger threshold; not matched once its attempts are used up) and the final
 * multi-finger decision by the configured fusion rule and its calibrated threshold. Pure functions.
 */
import { fuseScores } from '../../../models/fingerprint/matcher/fusion';
import {
  FINGERPRINT_MATCH_THRESHOLD,
  FUSED_MEAN_MATCH_THRESHOLD,
} from '../../../models/fingerprint/matcher/threshold';

export type FusionRuleName = 'mean' | 'max';

export interface FingerProgress {
  attempts: number;
  /** Best score over the attempts that passed the quality gate (null: none did). */
  bestScore: number | null;
  status: 'pending' | 'matched' | 'not-matched';
}

/** The finger after one more live capture (`score` null: refused by the quality gate). */
export function afterAttempt(
  finger: FingerProgress,
  score: number | null,
  maxAttempts: number,
): FingerProgress {
  if (finger.status !== 'pending') return finger;
  const attempts = finger.attempts + 1;
  const bestScore = score === null ? finger.bestScore : Math.max(score, finger.bestScore ?? score);
  const status =
    score !== null && score >= FINGERPRINT_MATCH_THRESHOLD
      ? 'matched'
      : attempts >= maxAttempts
        ? 'not-matched'
        : 'pending';
  return { attempts, bestScore, status };
}

export function fusionThreshold(rule: FusionRuleName): number {
  return rule === 'mean' ? FUSED_MEAN_MATCH_THRESHOLD : FINGERPRINT_MATCH_THRESHOLD;
}

export interface CertificationDecision {
  outcome: 'certified' | 'refused';
  fused: number;
  threshold: number;
}

/**
 * The decision once every finger is settled. A finger without any usable capture counts as 0 (so
 * one good finger cannot pass alone under the mean rule); the card must also be genuine.
 */
export function decide(
  fingers: readonly FingerProgress[],
  rule: FusionRuleName,
  cardGenuine: boolean,
): CertificationDecision {
  if (fingers.length === 0) throw new RangeError('decide needs at least one finger');
  if (fingers.some((f) => f.status === 'pending')) throw new RangeError('every finger must be settled first');
  const fused = fuseScores(
    fingers.map((f) => f.bestScore ?? 0),
    rule,
  );
  const threshold = fusionThreshold(rule);
  return { outcome: cardGenuine && fused >= threshold ? 'certified' : 'refused', fused, threshold };
}

/** Turns a native value and its threshold into a criterion result (the single place of the OK rule). */
import type { CriterionId, CriterionResult, Threshold } from './ids';

const round = (x: number) => (Number.isInteger(x) ? x : Math.round(x * 10000) / 10000);

export function judge(
  id: CriterionId,
  value: number | null | undefined,
  threshold: Threshold,
): CriterionResult {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return { id, value: null, threshold, status: 'not_assessed' };
  }
  const ok =
    (threshold.min === undefined || value >= threshold.min) &&
    (threshold.max === undefined || value <= threshold.max);
  return { id, value: round(value), threshold, status: ok ? 'ok' : 'nok' };
}

export function notAssessed(id: CriterionId, threshold: Threshold): CriterionResult {
  return { id, value: null, threshold, status: 'not_assessed' };
}

/**
 * Criteria that need more than six keypoints. Pure: they judge what a LandmarkProvider measured,
 * and are not_assessed when nothing was measured (no provider yet, or no face).
 */
import type { LandmarkValues } from '../landmarks/provider';
import { type CriterionResult, LANDMARK_CRITERIA, type LandmarkCriterionId, type Threshold } from './ids';
import { judge, notAssessed } from './judge';

export function landmarkCriteria(
  values: LandmarkValues | null,
  thresholds: Readonly<Record<LandmarkCriterionId, Threshold>>,
): CriterionResult[] {
  return LANDMARK_CRITERIA.map((id) => {
    const value = values?.[id];
    return value === undefined ? notAssessed(id, thresholds[id]) : judge(id, value, thresholds[id]);
  });
}

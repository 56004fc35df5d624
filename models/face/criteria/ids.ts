/**
 * Stable criterion ids (used by outside evaluations: never rename, only add) and the shapes of a
 * criterion result. Extra ids beyond the list: head_width (BSI head width ratio, split from
 * head_size which is the head height ratio), colour_space (24-bit sRGB) and gaze (eyes towards the
 * camera, from the iris position).
 */

export const CRITERION_IDS = [
  'face_count',
  'inter_eye_distance',
  'roll',
  'yaw',
  'pitch',
  'centring_horizontal',
  'eye_position_vertical',
  'head_size',
  'head_width',
  'margins',
  'sharpness',
  'exposure',
  'dynamic_range',
  'illumination_symmetry',
  'natural_colour',
  'background_uniformity',
  'compression',
  'image_size',
  'colour_space',
  'eyes_open',
  'mouth_closed',
  'expression',
  'glasses_glare',
  'head_covering',
  'gaze',
] as const;

export type CriterionId = (typeof CRITERION_IDS)[number];

/** Criteria that need landmarks or face parsing beyond BlazeFace's six keypoints. */
export const LANDMARK_CRITERIA = [
  'eyes_open',
  'mouth_closed',
  'expression',
  'glasses_glare',
  'head_covering',
  'gaze',
] as const;
export type LandmarkCriterionId = (typeof LANDMARK_CRITERIA)[number];

export type CriterionStatus = 'ok' | 'nok' | 'not_assessed';

/** Accepted interval of a criterion's native value (bounds inclusive; a missing bound is open). */
export interface Threshold {
  readonly min?: number;
  readonly max?: number;
}

export interface CriterionResult {
  readonly id: CriterionId;
  /** Native value (degrees, pixels, ratio...), null when not computed. */
  readonly value: number | null;
  readonly threshold: Threshold;
  readonly status: CriterionStatus;
}

/**
 * Geometric criteria (pure functions of the detections and the face geometry): single face,
 * inter-eye distance, roll, yaw, pitch, horizontal centring, vertical eye position, head height and
 * width ratios, margins. Ratios are measured in a frame: the whole image by default, or the region
 * of a camera frame that becomes the portrait.
 */
import type { Box } from '../detector/types';
import { type FaceGeometry, headCorners } from '../geometry/face-geometry';
import type { Rect } from '../image/rgb-image';
import type { CriterionResult, Threshold } from './ids';
import { judge, notAssessed } from './judge';

/** Number of faces whose box area is at least `minAreaRatio` of the largest one's. */
export function faceCountCriterion(
  faces: readonly Box[],
  minAreaRatio: number,
  threshold: Threshold,
): CriterionResult {
  const largest = Math.max(0, ...faces.map((f) => f.width * f.height));
  const count = faces.filter((f) => f.width * f.height >= minAreaRatio * largest).length;
  return judge('face_count', count, threshold);
}

/** IED in pixels of the full-resolution capture (`pixelScale` > 1 when measuring on a preview). */
export function interEyeDistanceCriterion(
  g: FaceGeometry | null,
  threshold: Threshold,
  pixelScale = 1,
): CriterionResult {
  return judge('inter_eye_distance', g ? g.ied * pixelScale : null, threshold);
}

export function rollCriterion(g: FaceGeometry | null, threshold: Threshold): CriterionResult {
  return judge('roll', g?.rollDeg, threshold);
}

export function yawCriterion(g: FaceGeometry | null, threshold: Threshold): CriterionResult {
  return judge('yaw', g?.yawDeg, threshold);
}

/** Pitch is indicative from six keypoints: value reported, status only when `assess` is set. */
export function pitchCriterion(
  g: FaceGeometry | null,
  threshold: Threshold,
  assess: boolean,
): CriterionResult {
  const result = judge('pitch', g?.pitchDeg, threshold);
  return assess || result.value === null ? result : { ...result, status: 'not_assessed' };
}

/** Eye midpoint abscissa / frame width (ISO/IEC 19794-5 "M_x"). */
export function centringCriterion(
  g: FaceGeometry | null,
  frame: Rect,
  threshold: Threshold,
): CriterionResult {
  return judge('centring_horizontal', g ? (g.eyeMidpoint.x - frame.left) / frame.width : null, threshold);
}

/** Eye midpoint ordinate from the top / frame height (ISO/IEC 19794-5 "M_y"). */
export function eyePositionCriterion(
  g: FaceGeometry | null,
  frame: Rect,
  threshold: Threshold,
): CriterionResult {
  return judge('eye_position_vertical', g ? (g.eyeMidpoint.y - frame.top) / frame.height : null, threshold);
}

/** Estimated chin-to-crown length / frame height. */
export function headSizeCriterion(
  g: FaceGeometry | null,
  frame: Rect,
  threshold: Threshold,
): CriterionResult {
  return judge('head_size', g ? g.headHeight / frame.height : null, threshold);
}

/** Estimated head width / frame width. */
export function headWidthCriterion(
  g: FaceGeometry | null,
  frame: Rect,
  threshold: Threshold,
): CriterionResult {
  return judge('head_width', g ? g.headWidth / frame.width : null, threshold);
}

/**
 * Smallest margin between the estimated head box (crown, chin, head width) and a frame border,
 * horizontal margins in head widths, vertical ones in head heights; negative = head cut off.
 */
export function marginsCriterion(g: FaceGeometry | null, frame: Rect, threshold: Threshold): CriterionResult {
  if (!g || g.headWidth <= 0 || g.headHeight <= 0) return notAssessed('margins', threshold);
  const c = headCorners(g);
  const xs = c.map((p) => p.x);
  const ys = c.map((p) => p.y);
  const left = (Math.min(...xs) - frame.left) / g.headWidth;
  const right = (frame.left + frame.width - Math.max(...xs)) / g.headWidth;
  const top = (Math.min(...ys) - frame.top) / g.headHeight;
  const bottom = (frame.top + frame.height - Math.max(...ys)) / g.headHeight;
  return judge('margins', Math.min(left, right, top, bottom), threshold);
}

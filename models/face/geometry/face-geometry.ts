/**
 * Face geometry from the six keypoints and the refined eyes: eye line, IED, roll, coarse yaw,
 * indicative pitch, and an anthropometric estimate of chin, crown and head width (BlazeFace gives
 * neither chin nor crown). Everything is computed in the face frame: origin at the eye midpoint,
 * u along the eye line (subject's right eye -> left eye), v perpendicular pointing to the chin.
 * Hand-written: these are the ICAO geometry measures.
 *
 * Conventions (non-mirrored image): roll > 0 when the subject's left eye (image right) is lower,
 * i.e. the head leans towards the subject's left shoulder; yaw > 0 when the subject turns towards
 * their left (nose moves to the image right); pitch > 0 when the chin goes down.
 */
import type { FaceKeypoints, Point } from '../detector/types';

/** Anthropometric ratios (adult averages; see docs in config.ts for their sources and limits). */
export interface AnthropometricModel {
  /** Eye line to chin, in multiples of the eye-to-mouth distance (calibrated on the BlazeFace box bottom). */
  readonly chinPerMouth: number;
  /** Eye line to crown (hair excluded), in multiples of the eye-to-chin distance. */
  readonly crownPerChin: number;
  /** Head width, in multiples of the ear-keypoint distance. */
  readonly headWidthPerEars: number;
  /** Lower bound of the head width in IED (when an ear keypoint is hidden by yaw). */
  readonly minHeadWidthPerIed: number;
  /** Nose tip protrusion in front of the eye plane, in IED (yaw from the nose offset). */
  readonly noseDepthPerIed: number;
  /** Tragion depth behind the eye plane, in IED (yaw from the ear asymmetry). */
  readonly earDepthPerIed: number;
  /** Neutral (pitch 0) ratio of eye-to-nose over eye-to-mouth distances, and its sensitivity per radian. */
  readonly neutralNoseRatio: number;
  readonly noseRatioPerRadian: number;
}

export const DEFAULT_ANTHROPOMETRY: AnthropometricModel = {
  chinPerMouth: 1.7,
  crownPerChin: 1.0,
  headWidthPerEars: 1.12,
  minHeadWidthPerIed: 2.0,
  noseDepthPerIed: 0.55,
  earDepthPerIed: 1.3,
  neutralNoseRatio: 0.5,
  noseRatioPerRadian: 0.5,
};

export interface FaceGeometry {
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly eyeMidpoint: Point;
  /** Inter-eye distance (eye centres), pixels. */
  readonly ied: number;
  readonly rollDeg: number;
  readonly yawDeg: number;
  readonly pitchDeg: number;
  readonly chin: Point;
  readonly crown: Point;
  /** Chin-to-crown distance and head width, pixels. */
  readonly headHeight: number;
  readonly headWidth: number;
  /** Unit vectors of the face frame. */
  readonly u: Point;
  readonly v: Point;
  /** Where pose, chin and crown come from: the six keypoints, or a landmark model. */
  readonly poseSource: 'keypoints' | 'landmarks';
}

const toDeg = (rad: number) => (rad * 180) / Math.PI;
const clamp1 = (x: number) => Math.max(-1, Math.min(1, x));

export function faceGeometry(
  keypoints: FaceKeypoints,
  eyes: { rightEye: Point; leftEye: Point } = keypoints,
  model: AnthropometricModel = DEFAULT_ANTHROPOMETRY,
): FaceGeometry {
  const { rightEye, leftEye } = eyes;
  const dx = leftEye.x - rightEye.x;
  const dy = leftEye.y - rightEye.y;
  const ied = Math.hypot(dx, dy);
  const u = ied > 0 ? { x: dx / ied, y: dy / ied } : { x: 1, y: 0 };
  const v = { x: -u.y, y: u.x };
  const mid = { x: (rightEye.x + leftEye.x) / 2, y: (rightEye.y + leftEye.y) / 2 };
  const local = (p: Point) => ({
    x: ((p.x - mid.x) * u.x + (p.y - mid.y) * u.y) / (ied || 1),
    y: ((p.x - mid.x) * v.x + (p.y - mid.y) * v.y) / (ied || 1),
  });
  const nose = local(keypoints.noseTip);
  const mouth = local(keypoints.mouth);
  const rEar = local(keypoints.rightEar);
  const lEar = local(keypoints.leftEar);

  // yaw: the nose tip (in front of the eyes) and the tragions (behind) move opposite ways
  const yawNose = Math.asin(clamp1(nose.x / model.noseDepthPerIed));
  const yawEars = Math.asin(clamp1(-(rEar.x + lEar.x) / (2 * model.earDepthPerIed)));
  const yaw = (yawNose + yawEars) / 2;
  // pitch: where the nose tip falls between the eye line and the mouth
  const mouthDist = Math.max(0.3, mouth.y);
  const pitch = (nose.y / mouthDist - model.neutralNoseRatio) / model.noseRatioPerRadian;

  const eyeToChin = model.chinPerMouth * mouthDist * ied;
  const eyeToCrown = model.crownPerChin * eyeToChin;
  const chin = { x: mid.x + v.x * eyeToChin, y: mid.y + v.y * eyeToChin };
  const crown = { x: mid.x - v.x * eyeToCrown, y: mid.y - v.y * eyeToCrown };
  const ears = Math.hypot(lEar.x - rEar.x, lEar.y - rEar.y) * ied;
  const headWidth = model.headWidthPerEars * Math.max(ears, model.minHeadWidthPerIed * ied);

  return {
    rightEye,
    leftEye,
    eyeMidpoint: mid,
    ied,
    rollDeg: toDeg(Math.atan2(dy, dx)),
    yawDeg: toDeg(yaw),
    pitchDeg: toDeg(pitch),
    chin,
    crown,
    headHeight: eyeToChin + eyeToCrown,
    headWidth,
    u,
    v,
    poseSource: 'keypoints',
  };
}

/** The geometry with a landmark model's pose and contour in place of the keypoint estimates. */
export function withLandmarks(
  g: FaceGeometry,
  a: {
    readonly pose?: { readonly yawDeg: number; readonly pitchDeg: number; readonly rollDeg: number };
    readonly contour?: { readonly chin: Point; readonly crown: Point; readonly headWidth: number };
  },
): FaceGeometry {
  if (!a.pose || !a.contour) return g;
  const { chin, crown, headWidth } = a.contour;
  return {
    ...g,
    yawDeg: a.pose.yawDeg,
    pitchDeg: a.pose.pitchDeg,
    rollDeg: a.pose.rollDeg,
    chin,
    crown,
    headHeight: Math.hypot(chin.x - crown.x, chin.y - crown.y),
    headWidth,
    poseSource: 'landmarks',
  };
}

/** Corners of the estimated head rectangle (crown to chin, head width), in image pixels. */
export function headCorners(g: FaceGeometry): Point[] {
  const half = g.headWidth / 2;
  return [g.crown, g.chin].flatMap((c) => [
    { x: c.x - g.u.x * half, y: c.y - g.u.y * half },
    { x: c.x + g.u.x * half, y: c.y + g.u.y * half },
  ]);
}

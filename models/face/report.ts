/**
 * The JSON shape of a verdict (`recueil photo check --json` prints it as is):
 * { compliant, criteria: [{ id, value, threshold, status }], face, ms }.
 */

import type { CriterionResult } from './criteria/ids';
import type { Box, FaceKeypoints, Point } from './detector/types';

export interface FaceReport {
  /** Box and keypoints of the main face (the largest), source pixels. */
  readonly box: Box;
  readonly score: number;
  readonly keypoints: FaceKeypoints;
  /** Eye centres refined at full resolution (used for IED, roll and the token portrait). */
  readonly eyes: { readonly right: Point; readonly left: Point };
  readonly eyesRefined: boolean;
  readonly ied: number;
  readonly rollDeg: number;
  readonly yawDeg: number;
  readonly pitchDeg: number;
  /** landmarks: pose, chin and crown from the face mesh; keypoints: six-keypoint estimates. */
  readonly poseSource: 'landmarks' | 'keypoints';
  /** From the mesh contour (crown: anthropometric above the mesh top), or anthropometric estimates. */
  readonly chin: Point;
  readonly crown: Point;
  readonly headWidth: number;
  readonly headHeight: number;
  /** Faces found in the picture (all of them, before the face_count area rule). */
  readonly detections: number;
}

export interface PortraitReport {
  /** Every mandatory criterion is ok (see config.ts DEFAULT_MANDATORY). */
  readonly compliant: boolean;
  readonly criteria: readonly CriterionResult[];
  readonly face: FaceReport | null;
  /** Wall time of the check, milliseconds. */
  readonly ms: number;
}

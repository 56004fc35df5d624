/**
 * Extension point for a landmark model (implemented by MeshLandmarkProvider: MediaPipe Face Mesh
 * and Iris, `mesh-provider.ts`). The checker calls the provider once per face and turns its native
 * values into the eyes_open, mouth_closed, expression, glasses_glare, head_covering and gaze
 * criteria; the provider may also give the head pose and the chin/crown from its contour, which
 * then replace the six-keypoint estimates. Without a provider (or when it returns nothing for a
 * criterion) those criteria are reported not_assessed — never ok.
 */

import type { LandmarkCriterionId } from '../criteria/ids';
import type { Detection, Point } from '../detector/types';
import type { FaceGeometry } from '../geometry/face-geometry';
import type { RgbImage } from '../image/rgb-image';

/**
 * Native values, same definitions as OFIQ where one exists:
 *  eyes_open: min eyelid opening / eye-midpoint-to-chin distance (higher = more open);
 *  mouth_closed: max inner-lip opening / eye-midpoint-to-chin distance (lower = more closed);
 *  expression: neutrality score 0..1 (higher = more neutral);
 *  glasses_glare: share of eye-region pixels saturated by reflections;
 *  head_covering: share of the forehead band not showing skin;
 *  gaze: angle between the eyes' direction and the camera axis, degrees.
 */
export type LandmarkValues = Partial<Record<LandmarkCriterionId, number>>;

export interface LandmarkAssessment {
  readonly values: LandmarkValues;
  /** Head pose from the landmarks, degrees (same signs as FaceGeometry). */
  readonly pose?: { readonly yawDeg: number; readonly pitchDeg: number; readonly rollDeg: number };
  /** Chin and crown from the face contour, and the head width, picture pixels. */
  readonly contour?: { readonly chin: Point; readonly crown: Point; readonly headWidth: number };
}

export interface LandmarkProvider {
  /** Identifies the model (logged with the verdict). */
  readonly id: string;
  /** Null when the model finds no face where the detector did. */
  assess(image: RgbImage, detection: Detection, geometry: FaceGeometry): Promise<LandmarkAssessment | null>;
}

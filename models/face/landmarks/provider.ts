/**
 * Extension point for a landmark / face-parsing model (a later issue adds one, e.g. MediaPipe Face
 * Landmarker: eyelids, lips, blendshapes). The checker calls the provider once per face and turns
 * its native values into the eyes_open, mouth_closed, expression, glasses_glare and head_covering
 * criteria. Without a provider (or when it returns nothing for a criterion) those criteria are
 * reported not_assessed — never ok.
 */

import type { LandmarkCriterionId } from '../criteria/ids';
import type { Detection } from '../detector/types';
import type { FaceGeometry } from '../geometry/face-geometry';
import type { RgbImage } from '../image/rgb-image';

/**
 * Native values, same definitions as OFIQ where one exists:
 *  eyes_open: min eyelid opening / eye-midpoint-to-chin distance (higher = more open);
 *  mouth_closed: max inner-lip opening / eye-midpoint-to-chin distance (lower = more closed);
 *  expression: neutrality score 0..1 (higher = more neutral);
 *  glasses_glare: share of eye-region pixels saturated by reflections;
 *  head_covering: share of the upper head region covered by hat/cloth.
 */
export type LandmarkValues = Partial<Record<LandmarkCriterionId, number>>;

export interface LandmarkProvider {
  /** Identifies the model (logged with the verdict). */
  readonly id: string;
  assess(image: RgbImage, detection: Detection, geometry: FaceGeometry): Promise<LandmarkValues>;
}

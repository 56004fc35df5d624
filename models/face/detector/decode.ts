/**
 * Decoding of raw BlazeFace outputs (MediaPipe TensorsToDetectionsCalculator semantics): sigmoid of
 * clipped logits, box centre/size and keypoints regressed relative to the anchor centre and scaled
 * by the input size. Coordinates come out normalised to the model input ([0,1]).
 */
import type { Anchor } from './anchors';
import { type Detection, type FaceKeypoints, KEYPOINT_ORDER, type Point } from './types';

export const NUM_COORDS = 16;
const SCORE_CLIP = 100;

export interface DecodeOptions {
  /** Model input size in pixels (the regression scale). */
  readonly inputSize: number;
  /** Minimum sigmoid score kept. */
  readonly minScore: number;
}

export function sigmoid(x: number): number {
  const c = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, x));
  return 1 / (1 + Math.exp(-c));
}

/**
 * @param logits one logit per anchor (length = anchors.length)
 * @param regressors NUM_COORDS values per anchor: dx, dy, w, h, then 6 x (kx, ky)
 */
export function decodeDetections(
  logits: ArrayLike<number>,
  regressors: ArrayLike<number>,
  anchors: readonly Anchor[],
  options: DecodeOptions,
): Detection[] {
  if (logits.length !== anchors.length || regressors.length !== anchors.length * NUM_COORDS) {
    throw new RangeError(
      `decodeDetections: ${logits.length} scores / ${regressors.length} regressors for ${anchors.length} anchors`,
    );
  }
  const s = options.inputSize;
  const out: Detection[] = [];
  for (let i = 0; i < anchors.length; i++) {
    const score = sigmoid(logits[i]!);
    if (score < options.minScore) continue;
    const a = anchors[i]!;
    const r = i * NUM_COORDS;
    const cx = (regressors[r]! / s) * a.w + a.x;
    const cy = (regressors[r + 1]! / s) * a.h + a.y;
    const w = (regressors[r + 2]! / s) * a.w;
    const h = (regressors[r + 3]! / s) * a.h;
    if (!(w > 0 && h > 0)) continue;
    const points: Point[] = [];
    for (let k = 0; k < KEYPOINT_ORDER.length; k++) {
      points.push({
        x: (regressors[r + 4 + 2 * k]! / s) * a.w + a.x,
        y: (regressors[r + 5 + 2 * k]! / s) * a.h + a.y,
      });
    }
    const keypoints = Object.fromEntries(
      KEYPOINT_ORDER.map((name, k) => [name, points[k]!]),
    ) as unknown as FaceKeypoints;
    out.push({ score, box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, keypoints });
  }
  return out;
}

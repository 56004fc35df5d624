/**
 * Weighted non-maximum suppression (MediaPipe's WEIGHTED algorithm, as BlazeFace is meant to be
 * used): detections overlapping the best remaining one by more than the IoU threshold are merged
 * into it, box and keypoints averaged with the scores as weights; the merged score is the best one.
 */
import { type Box, type Detection, type FaceKeypoints, KEYPOINT_ORDER } from './types';

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export function weightedNms(detections: readonly Detection[], iouThreshold = 0.3): Detection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const out: Detection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0]!;
    const cluster: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) (iou(best.box, d.box) > iouThreshold || d === best ? cluster : rest).push(d);
    remaining = rest;
    const total = cluster.reduce((sum, d) => sum + d.score, 0);
    const avg = (pick: (d: Detection) => number) =>
      cluster.reduce((sum, d) => sum + pick(d) * d.score, 0) / total;
    const keypoints = Object.fromEntries(
      KEYPOINT_ORDER.map((k) => [k, { x: avg((d) => d.keypoints[k].x), y: avg((d) => d.keypoints[k].y) }]),
    ) as unknown as FaceKeypoints;
    out.push({
      score: best.score,
      box: {
        x: avg((d) => d.box.x),
        y: avg((d) => d.box.y),
        width: avg((d) => d.box.width),
        height: avg((d) => d.box.height),
      },
      keypoints,
    });
  }
  return out;
}

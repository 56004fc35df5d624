/**
 * Texture criteria: sharpness of the face (Crete-Roffet blur at a face scale of at most 100 px
 * IED, so the value does not depend on the camera's resolution), background uniformity (mean Sobel
 * magnitude of the background at 50 px IED, as OFIQ's BackgroundUniformity) and JPEG compression
 * (8x8 blockiness of the whole picture).
 */
import { backgroundZone, toImage } from '../geometry/regions';
import { blockiness, blurMetric, sobelMagnitude } from '../image/measures';
import { resampleArea } from '../image/resample';
import type { MeasureContext } from './context';
import type { CriterionResult, Threshold } from './ids';
import { judge, notAssessed } from './judge';

const SHARPNESS_IED = 100;
const BACKGROUND_IED = 50;

/** Blur of the inner face (0 sharp .. 1 flat); lower is better. */
export function sharpnessCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const g = ctx.geometry;
  if (!g) return notAssessed('sharpness', threshold);
  const depth = Math.hypot(g.chin.x - g.eyeMidpoint.x, g.chin.y - g.eyeMidpoint.y) / g.ied;
  const corners = [
    toImage(g, -0.75, -0.45),
    toImage(g, 0.75, -0.45),
    toImage(g, -0.75, depth - 0.15),
    toImage(g, 0.75, depth - 0.15),
  ];
  const left = Math.min(...corners.map((c) => c.x));
  const top = Math.min(...corners.map((c) => c.y));
  const rect = {
    left,
    top,
    width: Math.max(...corners.map((c) => c.x)) - left,
    height: Math.max(...corners.map((c) => c.y)) - top,
  };
  const crop = resampleArea(ctx.luma, rect, Math.min(1, SHARPNESS_IED / g.ied));
  return judge('sharpness', blurMetric(crop.data, crop.width, crop.height), threshold);
}

/** Mean Sobel magnitude of the background (above the chin, outside the enlarged head). */
export function backgroundUniformityCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const g = ctx.geometry;
  if (!g) return notAssessed('background_uniformity', threshold);
  const scale = Math.min(1, BACKGROUND_IED / g.ied);
  const small = resampleArea(
    ctx.luma,
    { left: 0, top: 0, width: ctx.luma.width, height: ctx.luma.height },
    scale,
  );
  const sx = small.width / ctx.luma.width;
  const grad = sobelMagnitude(small.data, small.width, small.height);
  const zone = backgroundZone(g, ctx.luma.width, ctx.luma.height);
  // scan the small picture directly (no index lists: this runs on every live frame)
  const inv = 1 / (g.ied * sx);
  const mx = g.eyeMidpoint.x * sx;
  const my = g.eyeMidpoint.y * sx;
  let sum = 0;
  let n = 0;
  for (let y = 1; y < small.height - 1; y++) {
    for (let x = 1; x < small.width - 1; x++) {
      const dx = x - mx;
      const dy = y - my;
      if (zone.contains((dx * g.u.x + dy * g.u.y) * inv, (dx * g.v.x + dy * g.v.y) * inv)) {
        sum += grad[y * small.width + x]!;
        n++;
      }
    }
  }
  // too little background to judge (a tight crop): not assessed rather than a guess
  if (n < 0.03 * small.width * small.height || n < 30) return notAssessed('background_uniformity', threshold);
  return judge('background_uniformity', sum / n, threshold);
}

/** 8x8 blockiness (1 = none) of the head and its surroundings, or of the whole picture without a face. */
export function compressionCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const g = ctx.geometry;
  const { width, height, data } = ctx.luma;
  if (!g) return judge('compression', blockiness(data, width, height), threshold);
  const half = Math.max(g.headWidth, g.headHeight);
  const rect = {
    left: g.eyeMidpoint.x - half,
    top: g.eyeMidpoint.y - half,
    width: 2 * half,
    height: 2 * half,
  };
  return judge('compression', blockiness(data, width, height, rect), threshold);
}

/**
 * Photometric criteria on the face (pure functions of a MeasureContext): exposure (highlight level of the face),
 * dynamic range (bits of luma spread), illumination symmetry (left vs right halves, as OFIQ's
 * IlluminationUniformity) and natural colour (CIELAB in the cheek zones, OFIQ's ranges).
 */
import { cheekZone, faceHalf, zonePixels } from '../geometry/regions';
import { histogram, histogramIntersection, percentile, srgbToLabFast } from '../image/measures';
import type { MeasureContext } from './context';
import type { CriterionResult, Threshold } from './ids';
import { judge, notAssessed } from './judge';

const MIN_PIXELS = 50;

function lumaValues(ctx: MeasureContext, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = ctx.luma.data[indices[i]!]!;
  return out;
}

function faceLuma(ctx: MeasureContext): Float32Array | null {
  return ctx.faceLuma();
}

/**
 * Highlight level of the face: the 98th percentile of luma (0..255) inside the face ellipse.
 * Under-exposed: even the brightest 2 % of the face (eye whites, forehead highlights) stay dark;
 * over-exposed: more than 2 % of the face is clipped. Unlike the mean, it does not confuse a dark
 * complexion with under-exposure.
 */
export function exposureCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const values = faceLuma(ctx);
  return values ? judge('exposure', percentile(values, 98), threshold) : notAssessed('exposure', threshold);
}

/** log2 of the luma spread (p99.5 - p0.5 + 1) inside the face ellipse, in bits. */
export function dynamicRangeCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const values = faceLuma(ctx);
  if (!values) return notAssessed('dynamic_range', threshold);
  const spread = percentile(values, 99.5) - percentile(values, 0.5);
  return judge('dynamic_range', Math.log2(Math.max(0, spread) + 1), threshold);
}

/** Histogram intersection (32 bins) of the luma of the two face halves: 1 = same illumination. */
export function illuminationSymmetryCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const g = ctx.geometry;
  if (!g) return notAssessed('illumination_symmetry', threshold);
  const { width, height } = ctx.image;
  const right = zonePixels(g, faceHalf(g, -1), width, height, ctx.stride);
  const left = zonePixels(g, faceHalf(g, 1), width, height, ctx.stride);
  if (right.length < MIN_PIXELS || left.length < MIN_PIXELS)
    return notAssessed('illumination_symmetry', threshold);
  const value = histogramIntersection(histogram(lumaValues(ctx, right)), histogram(lumaValues(ctx, left)));
  return judge('illumination_symmetry', value, threshold);
}

/** Ideal skin chroma ranges of OFIQ's NaturalColour measure. */
export const NATURAL_A = [5, 25] as const;
export const NATURAL_B = [5, 35] as const;

/** Mean CIELAB a*, b* of the cheek zones (null when the zones fall outside the image). */
export function cheekChroma(ctx: MeasureContext): { a: number; b: number } | null {
  const g = ctx.geometry;
  if (!g) return null;
  const { width, height, data } = ctx.image;
  const idx = [
    ...zonePixels(g, cheekZone(g, -1), width, height, ctx.stride),
    ...zonePixels(g, cheekZone(g, 1), width, height, ctx.stride),
  ];
  if (idx.length < MIN_PIXELS) return null;
  let sa = 0;
  let sb = 0;
  for (const i of idx) {
    const lab = srgbToLabFast(data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!);
    sa += lab.a;
    sb += lab.b;
  }
  return { a: sa / idx.length, b: sb / idx.length };
}

/** CIELAB distance of the mean cheek chroma outside the natural skin box (0 = inside). */
export function naturalColourCriterion(ctx: MeasureContext, threshold: Threshold): CriterionResult {
  const c = cheekChroma(ctx);
  if (!c) return notAssessed('natural_colour', threshold);
  const da = Math.max(0, NATURAL_A[0] - c.a, c.a - NATURAL_A[1]);
  const db = Math.max(0, NATURAL_B[0] - c.b, c.b - NATURAL_B[1]);
  return judge('natural_colour', Math.hypot(da, db), threshold);
}

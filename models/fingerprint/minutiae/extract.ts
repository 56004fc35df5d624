/**
 * The extraction pipeline: normalisation, segmentation, orientation, ridge period,
 * Gabor enhancement, binarisation, thinning, detection and false-minutiae removal,
 * producing a FingerprintTemplate. `analyzeFingerprint` exposes the intermediate maps
 * so the quality module can reuse them without recomputing.
 */

import { stretchContrast } from '../image/contrast';
import { smooth } from '../image/float-ops';
import { replicateFrame } from '../image/frame';
import { assertValidImage, type GreyImage, STANDARD_PPI } from '../image/grey-image';
import { resampleToPpi } from '../image/resample';
import { removeFalseMinutiae } from './cleanup';
import { detectCandidates } from './detect';
import { gaborEnhance } from './enhance';
import { estimatePeriods, type PeriodMap, periodAt } from './frequency';
import { clipRidgeSignal, normalizeLocal } from './normalize';
import { computeOrientation, type OrientationField } from './orientation';
import { distanceToBackground, type Segmentation, segment } from './segmentation';
import { binarize, removeSmallComponents, thin } from './skeleton';
import type { FingerprintTemplate, Minutia } from './types';

/** Box radius of the smoothing before orientation and period estimation. */
const ESTIMATION_SMOOTHING_RADIUS = 1;

/** Upper bound on minutiae kept per template (highest quality first). */
export const MAX_MINUTIAE = 100;

export interface FingerprintAnalysis {
  readonly image: GreyImage;
  readonly segmentation: Segmentation;
  /** Locally normalised image, ridges positive. */
  readonly normalized: Float32Array;
  readonly orientation: OrientationField;
  readonly periods: PeriodMap;
  /** Gabor-enhanced image (ridges positive, background -1). */
  readonly enhanced: Float32Array;
  /** Binary ridge image before thinning. */
  readonly binary: Uint8Array;
  readonly skeleton: Uint8Array;
  readonly minutiae: Minutia[];
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** Runs the full pipeline on an image (resampled to 500 ppi first if needed). */
export function analyzeFingerprint(input: GreyImage): FingerprintAnalysis {
  assertValidImage(input);
  const image = stretchContrast(replicateFrame(resampleToPpi(input, STANDARD_PPI)));
  const { width: w, height: h } = image;
  const segmentation = segment(image);
  const mask = segmentation.mask;
  const normalized = normalizeLocal(image);
  // Every later stage sees the normalised image clipped to +-1.5 local standard deviations
  // (ridge shape kept, blots and speckle capped; normalize.ts). Quality keeps the unclipped one.
  // Orientation and ridge period are estimated on a lightly smoothed copy (two 3x3 box passes,
  // sigma ~1 px, far below the 6-12 px ridge period): pores on dry prints and capacitive sensor
  // speckle otherwise break the gradients and the x-signatures into pore-sized pieces. The Gabor
  // filter smooths along the ridges itself and gets the unsmoothed image (measured better).
  const signal = clipRidgeSignal(normalized);
  const smoothed = smooth(signal, w, h, ESTIMATION_SMOOTHING_RADIUS);
  const orientation = computeOrientation(smoothed, w, h);
  const periods = estimatePeriods(smoothed, w, h, orientation.theta, mask);
  const enhanced = gaborEnhance(signal, w, h, orientation.theta, periods, mask);
  const binary = binarize(enhanced, mask);
  const minBlob = Math.round(periods.median * periods.median * 0.6);
  removeSmallComponents(binary, w, h, 1, minBlob);
  removeSmallComponents(binary, w, h, 0, minBlob);
  const skeleton = thin(binary.slice(), w, h);
  const period = periods.median;
  const { candidates } = detectCandidates(skeleton, w, h, mask, orientation.theta, {
    traceLength: Math.round(2 * period),
  });
  const dist = distanceToBackground(mask, w, h);
  const kept = removeFalseMinutiae(candidates, dist, orientation.coherence, {
    period,
    borderDistance: Math.max(10, 1.2 * period),
    minCoherence: 0.15,
  });
  const minutiae: Minutia[] = kept.map((c) => {
    const coh = orientation.coherence[c.index]!;
    const localPeriod = periodAt(periods, c.x, c.y);
    const border = clamp01(dist[c.index]! / (3 * localPeriod));
    const q = Math.round(100 * clamp01((coh - 0.1) / 0.6) * (0.4 + 0.6 * border));
    return { x: c.x, y: c.y, angle: c.angle, type: c.type, quality: Math.max(1, Math.min(100, q)) };
  });
  minutiae.sort((a, b) => b.quality - a.quality);
  minutiae.length = Math.min(minutiae.length, MAX_MINUTIAE);
  return { image, segmentation, normalized, orientation, periods, enhanced, binary, skeleton, minutiae };
}

/** Template from an analysis. */
export function templateFromAnalysis(analysis: FingerprintAnalysis, quality?: number): FingerprintTemplate {
  const { image, minutiae } = analysis;
  return {
    width: image.width,
    height: image.height,
    ppi: image.ppi,
    minutiae,
    ...(quality === undefined ? {} : { quality }),
  };
}

/** Extracts a minutiae template from a greyscale image. */
export function extractTemplate(image: GreyImage): FingerprintTemplate {
  return templateFromAnalysis(analyzeFingerprint(image));
}

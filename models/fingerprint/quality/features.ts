/**
 * Quality features in the spirit of NFIQ 2 (ISO/IEC 29794-4), computed on 16 px
 * foreground blocks of an analysed fingerprint: foreground area and placement,
 * orientation certainty (OCL), ridge/valley clarity (LCS-like separation of the raw grey
 * levels between the ridge and valley classes found by the Gabor binarisation),
 * ridge-valley uniformity (RVU-like share of dark pixels and its spread), frequency-domain energy concentration (FDA-like share of the signal
 * captured by the tuned Gabor filter), minutiae count around the centre of mass and
 * count of reliable minutiae (by their local coherence and distance to the border).
 */
import type { FingerprintAnalysis } from '../minutiae/extract';

const BLOCK = 16;
/** Side of the central square (pixels at 500 ppi) used for the core minutiae count, as in NFIQ 2. */
export const CORE_SIDE = 200;

export interface QualityFeatures {
  /** Foreground area in pixels at 500 ppi. */
  readonly foregroundArea: number;
  /** Foreground share of the image. */
  readonly foregroundFraction: number;
  /** Foreground centroid offset from the image centre, as a fraction of width/height (-0.5..0.5). */
  readonly centroidOffsetX: number;
  readonly centroidOffsetY: number;
  /** Share of the image border length touched by the foreground, per side. */
  readonly borderContact: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  /** Mean orientation coherence over the foreground (0..1). */
  readonly orientationCertainty: number;
  /** Mean ridge/valley grey-level separation (d') over foreground blocks. */
  readonly clarity: number;
  /** Share of foreground blocks with poor clarity (d' < 1). */
  readonly lowClarityShare: number;
  /**
   * Mean share of pixels darker than their local mean in foreground blocks: about 0.5 for
   * equal ridge and valley widths, low for thin broken ridges (dry), high for merged ridges (wet).
   */
  readonly ridgeShare: number;
  /** Standard deviation of the per-block ridge share (uniformity; lower is better). */
  readonly ridgeShareSpread: number;
  /** Mean share of block energy captured by the oriented Gabor filter (0..1). */
  readonly frequencyEnergy: number;
  /** Mean grey level of the foreground (0 = black). */
  readonly meanGrey: number;
  /** Mean local standard deviation of grey levels over the foreground. */
  readonly contrast: number;
  readonly minutiaeCount: number;
  readonly coreMinutiaeCount: number;
  /** Minutiae whose own reliability is >= RELIABLE_MINUTIA_QUALITY (NFIQ 2 has a similar share). */
  readonly reliableMinutiaeCount: number;
}

/** Minutia quality (0-100) from which a minutia counts as reliable. */
export const RELIABLE_MINUTIA_QUALITY = 60;

export function computeQualityFeatures(a: FingerprintAnalysis): QualityFeatures {
  const { width: w, height: h, pixels } = a.image;
  const mask = a.segmentation.mask;
  const area = a.segmentation.area;
  let sx = 0;
  let sy = 0;
  let cohSum = 0;
  let greySum = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!mask[i]) continue;
      sx += x;
      sy += y;
      cohSum += a.orientation.coherence[i]!;
      greySum += pixels[i]!;
    }
  }
  const n = Math.max(1, area);
  const cx = area > 0 ? sx / n : w / 2;
  const cy = area > 0 ? sy / n : h / 2;

  const contact = (count: number, len: number) => count / len;
  let left = 0;
  let right = 0;
  let top = 0;
  let bottom = 0;
  for (let y = 0; y < h; y++) {
    left += mask[y * w]!;
    right += mask[y * w + w - 1]!;
  }
  for (let x = 0; x < w; x++) {
    top += mask[x]!;
    bottom += mask[(h - 1) * w + x]!;
  }

  // Block features on blocks entirely inside the foreground.
  let blocks = 0;
  let claritySum = 0;
  let lowClarity = 0;
  let ridgeSum = 0;
  let ridgeSq = 0;
  let energySum = 0;
  for (let by = 0; by + BLOCK <= h; by += BLOCK) {
    for (let bx = 0; bx + BLOCK <= w; bx += BLOCK) {
      let inside = true;
      for (let y = by; y < by + BLOCK && inside; y += BLOCK - 1) {
        for (let x = bx; x < bx + BLOCK; x += BLOCK - 1) if (!mask[y * w + x]) inside = false;
      }
      if (!inside) continue;
      let dark = 0;
      let nr = 0;
      let sr = 0;
      let sr2 = 0;
      let sv = 0;
      let sv2 = 0;
      let eIn = 0;
      let eOut = 0;
      for (let y = by; y < by + BLOCK; y++) {
        for (let x = bx; x < bx + BLOCK; x++) {
          const i = y * w + x;
          const g = pixels[i]!;
          const v = a.normalized[i]!;
          const e = a.enhanced[i]!;
          eIn += v * v;
          eOut += e * e;
          if (v > 0) dark++;
          if (a.binary[i]) {
            nr++;
            sr += g;
            sr2 += g * g;
          } else {
            sv += g;
            sv2 += g * g;
          }
        }
      }
      const total = BLOCK * BLOCK;
      const nv = total - nr;
      let dPrime = 0;
      if (nr > 4 && nv > 4) {
        const mr = sr / nr;
        const mv = sv / nv;
        const vr = Math.max(0, sr2 / nr - mr * mr);
        const vv = Math.max(0, sv2 / nv - mv * mv);
        dPrime = (mv - mr) / Math.sqrt((vr + vv) / 2 + 1);
      }
      blocks++;
      claritySum += Math.max(0, dPrime);
      if (dPrime < 1) lowClarity++;
      const share = dark / total;
      ridgeSum += share;
      ridgeSq += share * share;
      energySum += eIn > 0 ? Math.min(1, eOut / eIn) : 0;
    }
  }
  const nb = Math.max(1, blocks);
  const ridgeShare = ridgeSum / nb;

  let stdSum = 0;
  let stdCount = 0;
  const seg = a.segmentation;
  for (let k = 0; k < seg.blockMask.length; k++) {
    if (!seg.blockMask[k]) continue;
    stdSum += seg.blockStd[k]!;
    stdCount++;
  }

  const half = CORE_SIDE / 2;
  const core = a.minutiae.filter((m) => Math.abs(m.x - cx) <= half && Math.abs(m.y - cy) <= half).length;
  return {
    foregroundArea: area,
    foregroundFraction: area / (w * h),
    centroidOffsetX: cx / w - 0.5,
    centroidOffsetY: cy / h - 0.5,
    borderContact: {
      left: contact(left, h),
      right: contact(right, h),
      top: contact(top, w),
      bottom: contact(bottom, w),
    },
    orientationCertainty: area > 0 ? cohSum / n : 0,
    clarity: blocks > 0 ? claritySum / nb : 0,
    lowClarityShare: blocks > 0 ? lowClarity / nb : 1,
    ridgeShare,
    ridgeShareSpread: Math.sqrt(Math.max(0, ridgeSq / nb - ridgeShare * ridgeShare)),
    frequencyEnergy: blocks > 0 ? energySum / nb : 0,
    meanGrey: area > 0 ? greySum / n : 255,
    contrast: stdCount > 0 ? stdSum / stdCount : 0,
    minutiaeCount: a.minutiae.length,
    coreMinutiaeCount: core,
    reliableMinutiaeCount: a.minutiae.filter((m) => m.quality >= RELIABLE_MINUTIA_QUALITY).length,
  };
}

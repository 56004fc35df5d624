/**
 * Ridge frequency (expressed as the ridge period, in pixels) per 16 px block: an
 * oriented window is projected onto the ridge normal (the "x-signature" of Hong, Wan
 * & Jain 1998) and the mean peak spacing is measured. Invalid blocks are filled from
 * their neighbours and the map is smoothed and clamped to a plausible 500 ppi range.
 */
import { sampleBilinear } from '../image/float-ops';

export const FREQ_BLOCK = 16;
/** Plausible ridge periods at 500 ppi (pixels). */
export const MIN_PERIOD = 5;
export const MAX_PERIOD = 15;
const DEFAULT_PERIOD = 9;

export interface PeriodMap {
  readonly blockSize: number;
  readonly blocksW: number;
  readonly blocksH: number;
  /** Ridge period per block (pixels). */
  readonly period: Float32Array;
  /** 1 where the period was measured directly (not interpolated). */
  readonly measured: Uint8Array;
  /** Median of measured periods (DEFAULT_PERIOD when none). */
  readonly median: number;
}

/** Period at pixel (x, y), nearest block. */
export function periodAt(map: PeriodMap, x: number, y: number): number {
  const bx = Math.min(map.blocksW - 1, Math.max(0, Math.floor(x / map.blockSize)));
  const by = Math.min(map.blocksH - 1, Math.max(0, Math.floor(y / map.blockSize)));
  return map.period[by * map.blocksW + bx]!;
}

/** Measures the ridge period of the window centred at (cx, cy) with ridge direction theta, or 0. */
export function measurePeriod(
  norm: Float32Array,
  w: number,
  h: number,
  cx: number,
  cy: number,
  theta: number,
  halfLength = 16,
): number {
  const dx = Math.cos(theta);
  const dy = Math.sin(theta);
  const nx = -dy;
  const ny = dx;
  const len = 2 * halfLength;
  const sig = new Float32Array(len);
  for (let k = 0; k < len; k++) {
    const o = k - halfLength;
    let acc = 0;
    for (let l = -6; l <= 6; l += 2)
      acc += sampleBilinear(norm, w, h, cx + o * nx + l * dx, cy + o * ny + l * dy);
    sig[k] = acc;
  }
  let lo = Infinity;
  let hi = -Infinity;
  const sm = new Float32Array(len);
  for (let k = 0; k < len; k++) {
    const a = sig[Math.max(0, k - 1)]!;
    const b = sig[k]!;
    const c = sig[Math.min(len - 1, k + 1)]!;
    const v = (a + 2 * b + c) / 4;
    sm[k] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Amplitude check (7 samples of normalised contrast per point).
  if (hi - lo < 2) return 0;
  const mid = (hi + lo) / 2;
  let first = -1;
  let last = -1;
  let peaks = 0;
  for (let k = 1; k < len - 1; k++) {
    const v = sm[k]!;
    if (v > mid && v >= sm[k - 1]! && v > sm[k + 1]!) {
      if (first < 0) first = k;
      last = k;
      peaks++;
    }
  }
  if (peaks < 2) return 0;
  const period = (last - first) / (peaks - 1);
  return period >= MIN_PERIOD - 1 && period <= MAX_PERIOD + 3 ? period : 0;
}

export function estimatePeriods(
  norm: Float32Array,
  w: number,
  h: number,
  theta: Float32Array,
  mask: Uint8Array,
): PeriodMap {
  const B = FREQ_BLOCK;
  const bw = Math.ceil(w / B);
  const bh = Math.ceil(h / B);
  const period = new Float32Array(bw * bh);
  const measured = new Uint8Array(bw * bh);
  const valid: number[] = [];
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const cx = Math.min(w - 1, bx * B + B / 2);
      const cy = Math.min(h - 1, by * B + B / 2);
      const ci = Math.floor(cy) * w + Math.floor(cx);
      if (!mask[ci]) continue;
      const p = measurePeriod(norm, w, h, cx, cy, theta[ci]!);
      if (p > 0) {
        period[by * bw + bx] = p;
        measured[by * bw + bx] = 1;
        valid.push(p);
      }
    }
  }
  valid.sort((a, b) => a - b);
  const median = valid.length > 0 ? valid[Math.floor(valid.length / 2)]! : DEFAULT_PERIOD;
  // Fill unmeasured blocks by iterative neighbour averaging, then fall back to the median.
  let current = period;
  let known = measured.slice();
  for (let iter = 0; iter < 6; iter++) {
    const next = current.slice();
    const nextKnown = known.slice();
    let changed = false;
    for (let by = 0; by < bh; by++) {
      for (let bx = 0; bx < bw; bx++) {
        const i = by * bw + bx;
        if (known[i]) continue;
        let s = 0;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const x = bx + dx;
            const y = by + dy;
            if (x < 0 || y < 0 || x >= bw || y >= bh) continue;
            const j = y * bw + x;
            if (known[j]) {
              s += current[j]!;
              n++;
            }
          }
        }
        if (n > 0) {
          next[i] = s / n;
          nextKnown[i] = 1;
          changed = true;
        }
      }
    }
    current = next;
    known = nextKnown;
    if (!changed) break;
  }
  // 3x3 smoothing of the filled map, robust to outliers by clamping around the median.
  const out = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = bx + dx;
          const y = by + dy;
          if (x < 0 || y < 0 || x >= bw || y >= bh) continue;
          const j = y * bw + x;
          const v = known[j] ? current[j]! : median;
          s += Math.min(median * 1.5, Math.max(median / 1.5, v));
          n++;
        }
      }
      out[by * bw + bx] = Math.min(MAX_PERIOD, Math.max(MIN_PERIOD, s / n));
    }
  }
  return { blockSize: B, blocksW: bw, blocksH: bh, period: out, measured, median };
}

/**
 * Classical image measures behind the photometric criteria, on plain arrays: histogram statistics
 * (mean, percentiles), the Crete-Roffet no-reference blur metric, Sobel gradient magnitude, JPEG
 * blockiness and sRGB -> CIELAB. Hand-written: they are the product's quality core and must stay
 * explainable (each is a published, simple measure).
 */

/**
 * Percentile (0..100) of values in 0..255, from a 1024-bin histogram (linear time; 1/4-level
 * resolution, ample for luma statistics).
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const bins = new Uint32Array(1024);
  for (let i = 0; i < n; i++) bins[Math.min(1023, Math.max(0, Math.floor(values[i]! * 4)))]! += 1;
  const target = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  let seen = 0;
  for (let b = 0; b < 1024; b++) {
    const c = bins[b]!;
    if (seen + c > target) return (b + (c > 0 ? (target - seen + 0.5) / c : 0.5)) / 4;
    seen += c;
  }
  return 255;
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** Normalised histogram of 0..255 values in `bins` bins. */
export function histogram(values: ArrayLike<number>, bins = 32): Float64Array {
  const h = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    h[Math.min(bins - 1, Math.max(0, Math.floor((values[i]! * bins) / 256)))]! += 1;
  }
  for (let i = 0; i < bins; i++) h[i]! /= values.length || 1;
  return h;
}

/** Sum of bin-wise minima of two normalised histograms (1 = identical distributions). */
export function histogramIntersection(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.min(a[i]!, b[i] ?? 0);
  return s;
}

/**
 * Crete-Roffet et al. (2007) perceptual blur: re-blur with a 9-tap box filter and measure how much
 * neighbour variation is lost. 0 = sharp (re-blurring destroys a lot), ~1 = already flat.
 * Returns the larger of the horizontal and vertical blur.
 */
export function blurMetric(plane: Float32Array, width: number, height: number): number {
  if (width < 12 || height < 12) return Number.NaN;
  const axis = (dx: number, dy: number) => {
    let sF = 0;
    let sV = 0;
    const r = 4;
    for (let y = r + 1; y < height - r; y++) {
      for (let x = r + 1; x < width - r; x++) {
        const i = y * width + x;
        const p = i - (dy * width + dx);
        let bi = 0;
        let bp = 0;
        for (let k = -r; k <= r; k++) {
          bi += plane[i + k * (dy * width + dx)]!;
          bp += plane[p + k * (dy * width + dx)]!;
        }
        const dF = Math.abs(plane[i]! - plane[p]!);
        const dB = Math.abs(bi - bp) / (2 * r + 1);
        sF += dF;
        sV += Math.max(0, dF - dB);
      }
    }
    return sF > 0 ? (sF - sV) / sF : 1;
  };
  return Math.max(axis(1, 0), axis(0, 1));
}

/** Sobel gradient magnitude at every pixel (borders 0). */
export function sobelMagnitude(plane: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const a = plane[i - width - 1]!;
      const b = plane[i - width]!;
      const c = plane[i - width + 1]!;
      const d = plane[i - 1]!;
      const f = plane[i + 1]!;
      const g = plane[i + width - 1]!;
      const h = plane[i + width]!;
      const k = plane[i + width + 1]!;
      const gx = c + 2 * f + k - (a + 2 * d + g);
      const gy = g + 2 * h + k - (a + 2 * b + c);
      out[i] = Math.sqrt(gx * gx + gy * gy) / 8;
    }
  }
  return out;
}

/**
 * JPEG blockiness: for each of the 8 phases of the 8-pixel grid, the mean absolute luma step
 * between columns (rows) at that phase; the value is the strongest phase over the mean of the
 * others, averaged over both directions. ~1 for unblocked images, > 1.3 for visible 8x8 blocks.
 */
export function blockiness(
  plane: Float32Array,
  width: number,
  height: number,
  rect: { left: number; top: number; width: number; height: number } = { left: 0, top: 0, width, height },
): number {
  // the JPEG grid starts at the picture's origin: keep the region's phase by starting on a multiple of 8
  const left = Math.max(0, Math.floor(rect.left / 8) * 8);
  const top = Math.max(0, Math.floor(rect.top / 8) * 8);
  const right = Math.min(width, Math.ceil(rect.left + rect.width));
  const bottom = Math.min(height, Math.ceil(rect.top + rect.height));
  if (right - left < 32 || bottom - top < 32) return Number.NaN;
  // at most ~1 M differences per direction: skip lines on big regions (phases are along the other axis)
  const lineStep = Math.max(1, Math.floor(((right - left) * (bottom - top)) / 1_000_000));
  const phaseRatio = (sums: Float64Array, counts: Float64Array) => {
    const means = Array.from(sums, (v, k) => v / (counts[k] || 1));
    let best = 0;
    for (let k = 1; k < 8; k++) if (means[k]! > means[best]!) best = k;
    const others = means.filter((_, k) => k !== best);
    const rest = others.reduce((a, m) => a + m, 0) / others.length;
    return rest > 0.05 ? means[best]! / rest : 1;
  };
  // Steps between columns: phase p is the step from column left+p+8k to the next. Each row is
  // walked eight columns at a time into eight running sums (this runs on every live frame: no
  // per-pixel array write or count; the counts follow from the region's size).
  const columnSums = new Float64Array(8);
  const columnCounts = new Float64Array(8);
  const last = right - 1; // steps x -> x + 1 for x in [left, last)
  for (let y = top; y < bottom; y += lineStep) {
    const row = y * width;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    let x = left;
    for (; x + 8 <= last; x += 8) {
      const i = row + x;
      s0 += Math.abs(plane[i + 1]! - plane[i]!);
      s1 += Math.abs(plane[i + 2]! - plane[i + 1]!);
      s2 += Math.abs(plane[i + 3]! - plane[i + 2]!);
      s3 += Math.abs(plane[i + 4]! - plane[i + 3]!);
      s4 += Math.abs(plane[i + 5]! - plane[i + 4]!);
      s5 += Math.abs(plane[i + 6]! - plane[i + 5]!);
      s6 += Math.abs(plane[i + 7]! - plane[i + 6]!);
      s7 += Math.abs(plane[i + 8]! - plane[i + 7]!);
    }
    const partial = [s0, s1, s2, s3, s4, s5, s6, s7];
    for (; x < last; x++) partial[(x - left) & 7]! += Math.abs(plane[row + x + 1]! - plane[row + x]!);
    for (let k = 0; k < 8; k++) columnSums[k]! += partial[k]!;
  }
  const rows = Math.ceil((bottom - top) / lineStep);
  for (let k = 0; k < 8; k++) columnCounts[k] = rows * Math.max(0, Math.ceil((last - left - k) / 8));
  // Steps between rows: phase p is the step from row top+p+8k to the next.
  const rowSums = new Float64Array(8);
  const rowCounts = new Float64Array(8);
  for (let y = top; y < bottom - 1; y++) {
    const phase = (y - top) & 7;
    const row = y * width;
    let s = 0;
    let n = 0;
    for (let x = left; x < right; x += lineStep) {
      s += Math.abs(plane[row + width + x]! - plane[row + x]!);
      n++;
    }
    rowSums[phase]! += s;
    rowCounts[phase]! += n;
  }
  return (phaseRatio(columnSums, columnCounts) + phaseRatio(rowSums, rowCounts)) / 2;
}

/** sRGB (0..255) to CIELAB (D65). */
export function srgbToLab(r: number, g: number, b: number): { L: number; a: number; b: number } {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const R = lin(r);
  const G = lin(g);
  const B = lin(b);
  const X = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const Y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const Z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (t * 24389) / 27 / 116 + 16 / 116);
  const fx = f(X);
  const fy = f(Y);
  const fz = f(Z);
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

const LINEAR = Float64Array.from({ length: 256 }, (_, c) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});

/** srgbToLab for 8-bit integer channels, with a lookup table for the sRGB decoding. */
export function srgbToLabFast(r: number, g: number, b: number): { L: number; a: number; b: number } {
  const R = LINEAR[r] ?? 0;
  const G = LINEAR[g] ?? 0;
  const B = LINEAR[b] ?? 0;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (t * 24389) / 27 / 116 + 16 / 116);
  const fx = f((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047);
  const fy = f(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
  const fz = f((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883);
  return { L: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
}

/**
 * Low-level float-image operations shared by the extraction and quality stages:
 * O(1)-per-pixel box blur (repeated passes approximate a Gaussian), Sobel gradients
 * and bilinear sampling. Images are row-major Float32Arrays with explicit width/height.
 */

/** 1-D running-mean pass with edge clamping: n samples read at src[o + k*step]. */
function blurLine(
  src: Float32Array,
  dst: Float32Array,
  o: number,
  step: number,
  n: number,
  r: number,
  norm: number,
): void {
  const last = o + (n - 1) * step;
  const at = (k: number) => (k <= 0 ? src[o]! : k >= n - 1 ? src[last]! : src[o + k * step]!);
  let acc = 0;
  for (let k = -r; k <= r; k++) acc += at(k);
  // Left edge, interior without clamping, right edge.
  const interiorStart = Math.min(n, r + 1);
  const interiorEnd = Math.max(interiorStart, n - r - 1);
  let x = 0;
  for (; x < interiorStart; x++) {
    dst[o + x * step] = acc * norm;
    acc += at(x + r + 1) - at(x - r);
  }
  for (; x < interiorEnd; x++) {
    dst[o + x * step] = acc * norm;
    acc += src[o + (x + r + 1) * step]! - src[o + (x - r) * step]!;
  }
  for (; x < n; x++) {
    dst[o + x * step] = acc * norm;
    acc += at(x + r + 1) - at(x - r);
  }
}

/** Box blur of radius r (window 2r+1), edge-clamped, separable, in O(w*h). */
export function boxBlur(src: Float32Array, w: number, h: number, r: number): Float32Array {
  if (r <= 0) return src.slice();
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  const norm = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) blurLine(src, tmp, y * w, 1, w, r, norm);
  // Vertical pass row by row (cache friendly): running column sums.
  const acc = new Float64Array(w);
  const row = (y: number) => (y < 0 ? 0 : y >= h ? h - 1 : y) * w;
  for (let k = -r; k <= r; k++) {
    const o = row(k);
    for (let x = 0; x < w; x++) acc[x] = acc[x]! + tmp[o + x]!;
  }
  for (let y = 0; y < h; y++) {
    const o = y * w;
    const add = row(y + r + 1);
    const sub = row(y - r);
    for (let x = 0; x < w; x++) {
      out[o + x] = acc[x]! * norm;
      acc[x] = acc[x]! + tmp[add + x]! - tmp[sub + x]!;
    }
  }
  return out;
}

/** Approximate Gaussian smoothing by `passes` box blurs of radius r. */
export function smooth(src: Float32Array, w: number, h: number, r: number, passes = 2): Float32Array {
  let out = src;
  for (let i = 0; i < passes; i++) out = boxBlur(out, w, h, r);
  return out === src ? src.slice() : out;
}

/** Sobel gradients (edge-clamped). */
export function sobel(src: Float32Array, w: number, h: number): { gx: Float32Array; gy: Float32Array } {
  const gx = new Float32Array(w * h);
  const gy = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const ym = (y > 0 ? y - 1 : 0) * w;
    const y0 = y * w;
    const yp = (y < h - 1 ? y + 1 : y) * w;
    for (let x = 0; x < w; x++) {
      const xm = x > 0 ? x - 1 : 0;
      const xp = x < w - 1 ? x + 1 : x;
      const a = src[ym + xm]!;
      const b = src[ym + x]!;
      const c = src[ym + xp]!;
      const d = src[y0 + xm]!;
      const f = src[y0 + xp]!;
      const g = src[yp + xm]!;
      const hh = src[yp + x]!;
      const i = src[yp + xp]!;
      gx[y0 + x] = c + 2 * f + i - (a + 2 * d + g);
      gy[y0 + x] = g + 2 * hh + i - (a + 2 * b + c);
    }
  }
  return { gx, gy };
}

/** Bilinear sample at (x, y), edge-clamped. */
export function sampleBilinear(src: Float32Array, w: number, h: number, x: number, y: number): number {
  const cx = Math.min(w - 1.001, Math.max(0, x));
  const cy = Math.min(h - 1.001, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const fx = cx - x0;
  const fy = cy - y0;
  const i = y0 * w + x0;
  const a = src[i]!;
  const b = src[i + 1]!;
  const c = src[i + w]!;
  const d = src[i + w + 1]!;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

/** Converts 8-bit pixels to floats. */
export function toFloat(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]!;
  return out;
}

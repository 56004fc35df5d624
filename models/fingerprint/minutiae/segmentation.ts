/**
 * Foreground segmentation: separates the fingerprint from the background by
 * block variance (blocks of 8 px analysed over 16 px windows), then cleans the block
 * map (closing, opening, largest component, hole filling) and expands it to pixels.
 * Also provides the distance-to-background transform used to reject border minutiae.
 */
import { sobel, toFloat } from '../image/float-ops';
import type { GreyImage } from '../image/grey-image';

export const SEGMENT_BLOCK = 8;

export interface Segmentation {
  readonly blockSize: number;
  readonly blocksW: number;
  readonly blocksH: number;
  /** 1 = foreground block. */
  readonly blockMask: Uint8Array;
  /** Per-block standard deviation (grey levels) over the analysis window. */
  readonly blockStd: Float32Array;
  /** Per-block mean grey level. */
  readonly blockMean: Float32Array;
  /** Per-block gradient coherence over a 24 px window, in [0, 1] (1 = parallel ridges). */
  readonly blockCoherence: Float32Array;
  /** 1 = foreground pixel. */
  readonly mask: Uint8Array;
  /** Number of foreground pixels. */
  readonly area: number;
}

function percentile(values: Float32Array, p: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function morph(mask: Uint8Array, bw: number, bh: number, dilate: boolean): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      let v = dilate ? 0 : 1;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          // Outside the image counts as background for erosion, neutral for dilation.
          const m = yy < 0 || yy >= bh || xx < 0 || xx >= bw ? (dilate ? 0 : 1) : mask[yy * bw + xx]!;
          if (dilate && m) v = 1;
          if (!dilate && !m) v = 0;
        }
      }
      out[y * bw + x] = v;
    }
  }
  return out;
}

/** Labels 4-connected components of value `target`; returns labels (0 = other) and sizes. */
export function labelComponents(
  mask: Uint8Array,
  w: number,
  h: number,
  target: number,
): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(mask.length);
  const sizes: number[] = [0];
  const stack = new Int32Array(mask.length);
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== target || labels[i] !== 0) continue;
    const label = sizes.length;
    let size = 0;
    let top = 0;
    stack[top++] = i;
    labels[i] = label;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const x = p % w;
      const y = (p - x) / w;
      if (x > 0 && mask[p - 1] === target && labels[p - 1] === 0) {
        labels[p - 1] = label;
        stack[top++] = p - 1;
      }
      if (x < w - 1 && mask[p + 1] === target && labels[p + 1] === 0) {
        labels[p + 1] = label;
        stack[top++] = p + 1;
      }
      if (y > 0 && mask[p - w] === target && labels[p - w] === 0) {
        labels[p - w] = label;
        stack[top++] = p - w;
      }
      if (y < h - 1 && mask[p + w] === target && labels[p + w] === 0) {
        labels[p + w] = label;
        stack[top++] = p + w;
      }
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

function keepLargest(mask: Uint8Array, w: number, h: number): Uint8Array {
  const { labels, sizes } = labelComponents(mask, w, h, 1);
  let best = 0;
  for (let l = 1; l < sizes.length; l++) if (sizes[l]! > (sizes[best] ?? 0)) best = l;
  const out = new Uint8Array(mask.length);
  if (best === 0) return out;
  for (let i = 0; i < mask.length; i++) out[i] = labels[i] === best ? 1 : 0;
  return out;
}

function fillHoles(mask: Uint8Array, w: number, h: number): Uint8Array {
  const { labels, sizes } = labelComponents(mask, w, h, 0);
  const touchesBorder = new Uint8Array(sizes.length);
  for (let x = 0; x < w; x++) {
    touchesBorder[labels[x]!] = 1;
    touchesBorder[labels[(h - 1) * w + x]!] = 1;
  }
  for (let y = 0; y < h; y++) {
    touchesBorder[labels[y * w]!] = 1;
    touchesBorder[labels[y * w + w - 1]!] = 1;
  }
  const out = mask.slice();
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0 && !touchesBorder[labels[i]!]) out[i] = 1;
  return out;
}

/** A block is background when its coherence is below this share of the median foreground block's. */
const COHERENCE_RATIO = 0.5;

/** Gradient coherence of each block over a 3B x 3B window centred on it. */
function blockCoherences(image: GreyImage, bw: number, bh: number): Float32Array {
  const { width: w, height: h } = image;
  const { gx, gy } = sobel(toFloat(image.pixels), w, h);
  const B = SEGMENT_BLOCK;
  // Block sums of the tensor terms, then 3x3 block windows.
  const sa = new Float64Array(bw * bh);
  const sb = new Float64Array(bw * bh);
  const se = new Float64Array(bw * bh);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / B) * bw;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const k = row + Math.floor(x / B);
      const u = gx[i]!;
      const v = gy[i]!;
      sa[k] = sa[k]! + u * u - v * v;
      sb[k] = sb[k]! + 2 * u * v;
      se[k] = se[k]! + u * u + v * v;
    }
  }
  const out = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let a = 0;
      let b = 0;
      let e = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = bx + dx;
          const y = by + dy;
          if (x < 0 || y < 0 || x >= bw || y >= bh) continue;
          const k = y * bw + x;
          a += sa[k]!;
          b += sb[k]!;
          e += se[k]!;
        }
      }
      out[by * bw + bx] = e > 1e-9 ? Math.sqrt(a * a + b * b) / e : 0;
    }
  }
  return out;
}

/** Segments the fingerprint area of a (500 ppi) greyscale image. */
export function segment(image: GreyImage): Segmentation {
  const { width: w, height: h, pixels } = image;
  const B = SEGMENT_BLOCK;
  const bw = Math.ceil(w / B);
  const bh = Math.ceil(h / B);
  const blockStd = new Float32Array(bw * bh);
  const blockMean = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      // 16x16 analysis window centred on the 8x8 block.
      const x0 = Math.max(0, bx * B - B / 2);
      const x1 = Math.min(w, bx * B + B + B / 2);
      const y0 = Math.max(0, by * B - B / 2);
      const y1 = Math.min(h, by * B + B + B / 2);
      let s = 0;
      let s2 = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const v = pixels[y * w + x]!;
          s += v;
          s2 += v * v;
        }
      }
      const n = (x1 - x0) * (y1 - y0);
      const m = s / n;
      blockMean[by * bw + bx] = m;
      blockStd[by * bw + bx] = Math.sqrt(Math.max(0, s2 / n - m * m));
    }
  }
  const threshold = Math.max(8, 0.3 * percentile(blockStd, 0.95));
  const blockCoherence = blockCoherences(image, bw, bh);
  let blockMask: Uint8Array = new Uint8Array(bw * bh);
  for (let i = 0; i < blockMask.length; i++) blockMask[i] = blockStd[i]! > threshold ? 1 : 0;
  // Textured but directionless blocks (latent residue, sensor noise, smudges) are not ridges:
  // drop those far less coherent than the print's typical block (relative, so dry or noisy
  // prints whose ridges are all weakly coherent keep their area).
  const candidates: number[] = [];
  for (let i = 0; i < blockMask.length; i++) if (blockMask[i]) candidates.push(blockCoherence[i]!);
  if (candidates.length > 0) {
    candidates.sort((a, b) => a - b);
    const floor = COHERENCE_RATIO * candidates[Math.floor(candidates.length / 2)]!;
    for (let i = 0; i < blockMask.length; i++) if (blockCoherence[i]! < floor) blockMask[i] = 0;
  }
  blockMask = morph(morph(blockMask, bw, bh, true), bw, bh, false); // closing
  blockMask = morph(morph(blockMask, bw, bh, false), bw, bh, true); // opening
  blockMask = fillHoles(keepLargest(blockMask, bw, bh), bw, bh);

  const mask = new Uint8Array(w * h);
  let area = 0;
  for (let y = 0; y < h; y++) {
    const brow = Math.floor(y / B) * bw;
    for (let x = 0; x < w; x++) {
      const v = blockMask[brow + Math.floor(x / B)]!;
      mask[y * w + x] = v;
      area += v;
    }
  }
  return {
    blockSize: B,
    blocksW: bw,
    blocksH: bh,
    blockMask,
    blockStd,
    blockMean,
    blockCoherence,
    mask,
    area,
  };
}

/**
 * Chamfer (3-4) distance in pixels from each foreground pixel to the nearest background
 * pixel or image edge; 0 on background.
 */
export function distanceToBackground(mask: Uint8Array, w: number, h: number): Float32Array {
  // Work on a frame padded by one background pixel so the inner loops need no bounds checks.
  const pw = w + 2;
  const ph = h + 2;
  const d = new Float32Array(pw * ph);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[(y + 1) * pw + x + 1] = mask[y * w + x] ? 1e9 : 0;
  for (let y = 1; y <= h; y++) {
    for (let x = 1; x <= w; x++) {
      const i = y * pw + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i]!, d[i - 1]! + 3, d[i - pw]! + 3, d[i - pw - 1]! + 4, d[i - pw + 1]! + 4);
    }
  }
  for (let y = h; y >= 1; y--) {
    for (let x = w; x >= 1; x--) {
      const i = y * pw + x;
      if (d[i] === 0) continue;
      d[i] = Math.min(d[i]!, d[i + 1]! + 3, d[i + pw]! + 3, d[i + pw + 1]! + 4, d[i + pw - 1]! + 4);
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = d[(y + 1) * pw + x + 1]! / 3;
  return out;
}

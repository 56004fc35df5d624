/**
 * Where a 2D symbol may be on a page: ZXing's DataMatrix detector grows a white rectangle from the
 * centre of the picture, so it finds a symbol that fills a close-up but not one in the corner of a
 * scanned letter. This module finds the candidate squares first: dark pixels against the local mean
 * (uneven lighting), closed at a few radii so the modules of one symbol merge into one blob while the
 * lines of text stay long and thin, then blobs that are about square, well filled and half dark, as
 * a DataMatrix or QR code is. Written here: it is a few integral-image passes, and what counts as a
 * candidate is specific to proofs of address (text lines, a logo, one symbol of 1-4 cm).
 */

export interface Grey {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Higher is more symbol-like. */
  score: number;
}

function integral(width: number, height: number, value: (i: number) => number): Float64Array {
  const out = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += value(y * width + x);
      out[(y + 1) * (width + 1) + x + 1] = out[y * (width + 1) + x + 1]! + row;
    }
  }
  return out;
}

function boxSum(sum: Float64Array, width: number, height: number, x: number, y: number, r: number): number {
  const x0 = Math.max(0, x - r);
  const y0 = Math.max(0, y - r);
  const x1 = Math.min(width, x + r + 1);
  const y1 = Math.min(height, y + r + 1);
  const w = width + 1;
  return sum[y1 * w + x1]! - sum[y0 * w + x1]! - sum[y1 * w + x0]! + sum[y0 * w + x0]!;
}

/** Dark pixels: below the mean of their neighbourhood by a margin. */
export function darkMask(grey: Grey, radius = 15, margin = 12): Uint8Array {
  const { data, width, height } = grey;
  const sum = integral(width, height, (i) => data[i]!);
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const y0 = Math.max(0, y - radius);
      const x1 = Math.min(width, x + radius + 1);
      const y1 = Math.min(height, y + radius + 1);
      const mean = boxSum(sum, width, height, x, y, radius) / ((x1 - x0) * (y1 - y0));
      if (data[y * width + x]! < mean - margin) mask[y * width + x] = 1;
    }
  return mask;
}

/** Candidate symbol regions of a (reduced) page, best first, at most `limit`. */
export function locateSymbols(grey: Grey, options: { radii?: number[]; limit?: number } = {}): Region[] {
  const { width, height } = grey;
  const dark = darkMask(grey);
  const darkSum = integral(width, height, (i) => dark[i]!);
  const regions: Region[] = [];
  const minSide = 16;
  for (const r of options.radii ?? [2, 4, 7]) {
    const closed = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        if (boxSum(darkSum, width, height, x, y, r) > 0) closed[y * width + x] = 1;
    // Connected components (4-neighbours) with an explicit stack.
    const label = new Int32Array(width * height);
    const stack = new Int32Array(width * height);
    let next = 0;
    for (let start = 0; start < closed.length; start++) {
      if (!closed[start] || label[start]) continue;
      next++;
      let top = 0;
      stack[top++] = start;
      label[start] = next;
      let count = 0;
      let minX = width;
      let minY = height;
      let maxX = 0;
      let maxY = 0;
      while (top > 0) {
        const i = stack[--top]!;
        count++;
        const x = i % width;
        const y = (i - x) / width;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        const around = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, i + width];
        for (const j of around) {
          if (j < 0 || j >= closed.length || !closed[j] || label[j]) continue;
          label[j] = next;
          stack[top++] = j;
        }
      }
      // The closing grew the blob by r on each side.
      const w = maxX - minX + 1 - 2 * r;
      const h = maxY - minY + 1 - 2 * r;
      if (w < minSide || h < minSide) continue;
      if (w > width * 0.9 && h > height * 0.9) continue;
      const aspect = Math.max(w, h) / Math.min(w, h);
      if (aspect > 1.6) continue;
      const fill = count / ((w + 2 * r) * (h + 2 * r));
      if (fill < 0.4) continue;
      const inner = boxSum(
        darkSum,
        width,
        height,
        minX + r + (w >> 1),
        minY + r + (h >> 1),
        Math.min(w, h) >> 1,
      );
      const density = inner / Math.max(1, (Math.min(w, h) | 1) ** 2);
      if (density < 0.2 || density > 0.85) continue;
      const score = fill * (1 - Math.abs(density - 0.5)) * (1 / aspect);
      regions.push({ left: minX + r, top: minY + r, width: w, height: h, score });
    }
  }
  regions.sort((a, b) => b.score - a.score);
  // Drop near-duplicates found at several radii.
  const kept: Region[] = [];
  for (const region of regions) {
    const cx = region.left + region.width / 2;
    const cy = region.top + region.height / 2;
    const duplicate = kept.some(
      (k) =>
        Math.abs(k.left + k.width / 2 - cx) < k.width / 4 &&
        Math.abs(k.top + k.height / 2 - cy) < k.height / 4 &&
        Math.abs(k.width - region.width) < k.width / 3,
    );
    if (!duplicate) kept.push(region);
    if (kept.length >= (options.limit ?? 8)) break;
  }
  return kept;
}

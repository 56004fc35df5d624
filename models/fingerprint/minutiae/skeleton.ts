/**
 * Binarisation of the enhanced image and ridge thinning: sign threshold, removal of
 * tiny ridge fragments and valley holes, Zhang–Suen thinning, then deletion of the
 * remaining simple (redundant) pixels so that the skeleton is 8-connected and one
 * pixel wide, which makes crossing numbers reliable.
 */
import { labelComponents } from './segmentation';

/** Ridge = 1 where the enhanced response is positive inside the mask. */
export function binarize(enhanced: Float32Array, mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(enhanced.length);
  for (let i = 0; i < enhanced.length; i++) out[i] = mask[i] && enhanced[i]! > 0 ? 1 : 0;
  return out;
}

/** Flips connected components of `value` smaller than minSize (ridge islands or valley holes). */
export function removeSmallComponents(
  bin: Uint8Array,
  w: number,
  h: number,
  value: 0 | 1,
  minSize: number,
): void {
  const { labels, sizes } = labelComponents(bin, w, h, value);
  for (let i = 0; i < bin.length; i++) {
    const l = labels[i]!;
    if (l !== 0 && sizes[l]! < minSize) bin[i] = value === 1 ? 0 : 1;
  }
}

/**
 * 8-bit neighbourhood code of interior pixel i (bit k = neighbour k in the order
 * N, NE, E, SE, S, SW, W, NW, i.e. Zhang-Suen's P2..P9).
 */
export function neighbourhoodCode(img: Uint8Array, i: number, w: number): number {
  return (
    img[i - w]! |
    (img[i - w + 1]! << 1) |
    (img[i + 1]! << 2) |
    (img[i + w + 1]! << 3) |
    (img[i + w]! << 4) |
    (img[i + w - 1]! << 5) |
    (img[i - 1]! << 6) |
    (img[i - w - 1]! << 7)
  );
}

function bit(code: number, k: number): number {
  return (code >> (k & 7)) & 1;
}

/** Rutovitz crossing number: half the number of 0/1 transitions around the ring. */
export function crossingNumber(code: number): number {
  let t = 0;
  for (let k = 0; k < 8; k++) t += bit(code, k) !== bit(code, k + 1) ? 1 : 0;
  return t / 2;
}

function popcount8(code: number): number {
  let c = 0;
  for (let k = 0; k < 8; k++) c += bit(code, k);
  return c;
}

/** Yokoi 8-connectivity number: 1 means the centre pixel is simple (removable). */
function yokoi8(code: number): number {
  // Odd positions in Yokoi's notation are the 4-neighbours: E(2), N(0), W(6), S(4) in our order.
  const inv = (k: number) => 1 - bit(code, k);
  const four = [2, 0, 6, 4];
  let n = 0;
  for (const k of four) n += inv(k) - inv(k) * inv(k - 1 + 8) * inv(k - 2 + 8);
  return n;
}

/** Crossing number of each 8-neighbourhood code. */
export const CROSSING_NUMBER = new Uint8Array(256);
const ZS_STEP1 = new Uint8Array(256);
const ZS_STEP2 = new Uint8Array(256);
const SIMPLE = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  CROSSING_NUMBER[c] = crossingNumber(c);
  const b = popcount8(c);
  const a = (() => {
    let t = 0;
    for (let k = 0; k < 8; k++) if (bit(c, k) === 0 && bit(c, k + 1) === 1) t++;
    return t;
  })();
  const p2 = bit(c, 0);
  const p4 = bit(c, 2);
  const p6 = bit(c, 4);
  const p8 = bit(c, 6);
  const base = b >= 2 && b <= 6 && a === 1;
  ZS_STEP1[c] = base && p2 * p4 * p6 === 0 && p4 * p6 * p8 === 0 ? 1 : 0;
  ZS_STEP2[c] = base && p2 * p4 * p8 === 0 && p2 * p6 * p8 === 0 ? 1 : 0;
  SIMPLE[c] = b >= 2 && yokoi8(c) === 1 ? 1 : 0;
}

/** Thins a binary ridge image in place to a one-pixel-wide 8-connected skeleton. */
export function thin(bin: Uint8Array, w: number, h: number): Uint8Array {
  const img = bin;
  const toDelete: number[] = [];
  let changed = true;
  let guard = 0;
  while (changed && guard++ < 100) {
    changed = false;
    for (const table of [ZS_STEP1, ZS_STEP2]) {
      toDelete.length = 0;
      for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
          const i = y * w + x;
          if (!img[i]) continue;
          const code = neighbourhoodCode(img, i, w);
          if (table[code]) toDelete.push(i);
        }
      }
      for (const i of toDelete) img[i] = 0;
      if (toDelete.length > 0) changed = true;
    }
  }
  // Remove leftover simple pixels (staircase corners) sequentially; endpoints are kept.
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!img[i]) continue;
      const code = neighbourhoodCode(img, i, w);
      if (SIMPLE[code]) img[i] = 0;
    }
  }
  // Clear the 1-pixel frame, which thinning never visits.
  for (let x = 0; x < w; x++) {
    img[x] = 0;
    img[(h - 1) * w + x] = 0;
  }
  for (let y = 0; y < h; y++) {
    img[y * w] = 0;
    img[y * w + w - 1] = 0;
  }
  return img;
}

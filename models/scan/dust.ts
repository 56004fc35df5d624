/**
 * Dust specks (on the glass or the print): small isolated spots much darker or lighter than a
 * uniform ring around them. Each pixel's 3x3 mean is compared with 16 samples on a circle of
 * about 0.25 mm; a speck is a group of such pixels no wider than the ring. The eyes are left out
 * (pupils and catchlights are specks by this definition). Pure function; returns the count.
 */
import type { Point } from '../face/detector/types';

export interface DustOptions {
  /** Circle radius, pixels (about 0.25 mm at the token's sampling). */
  readonly radius: number;
  /** Discs left out (the eyes). */
  readonly exclude: readonly { readonly centre: Point; readonly radius: number }[];
}

const CONTRAST = 45;
const RING_SPREAD = 36;

export function countSpecks(luma: Float32Array, width: number, height: number, options: DustOptions): number {
  const R = Math.max(3, Math.round(options.radius));
  const ring = Array.from({ length: 16 }, (_, k) => {
    const a = (k * Math.PI) / 8;
    return Math.round(Math.sin(a) * R) * width + Math.round(Math.cos(a) * R);
  });
  const hits = new Uint8Array(width * height);
  const excluded = new Uint8Array(width * height);
  for (const e of options.exclude)
    for (
      let y = Math.max(0, Math.floor(e.centre.y - e.radius));
      y <= Math.min(height - 1, e.centre.y + e.radius);
      y++
    )
      for (
        let x = Math.max(0, Math.floor(e.centre.x - e.radius));
        x <= Math.min(width - 1, e.centre.x + e.radius);
        x++
      )
        if ((x - e.centre.x) ** 2 + (y - e.centre.y) ** 2 < e.radius ** 2) excluded[y * width + x] = 1;
  const axes = [ring[0]!, ring[4]!, ring[8]!, ring[12]!];
  for (let y = R + 1; y < height - R - 1; y++) {
    for (let x = R + 1; x < width - R - 1; x++) {
      const i = y * width + x;
      if (excluded[i]) continue;
      // cheap first look: the pixel against four ring samples
      const quick =
        (luma[i + axes[0]!]! + luma[i + axes[1]!]! + luma[i + axes[2]!]! + luma[i + axes[3]!]!) / 4;
      if (Math.abs(luma[i]! - quick) < CONTRAST * 0.6) continue;
      const centre =
        (luma[i - width - 1]! +
          luma[i - width]! +
          luma[i - width + 1]! +
          luma[i - 1]! +
          luma[i]! +
          luma[i + 1]! +
          luma[i + width - 1]! +
          luma[i + width]! +
          luma[i + width + 1]!) /
        9;
      let min = 255;
      let max = 0;
      let sum = 0;
      for (const o of ring) {
        const v = luma[i + o]!;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max - min > RING_SPREAD) continue;
      if (Math.abs(centre - sum / 16) > CONTRAST) hits[i] = 1;
    }
  }
  // group hits: a speck is a blob of hits no wider than the ring's diameter
  let specks = 0;
  const stack: number[] = [];
  for (let start = 0; start < hits.length; start++) {
    if (hits[start] !== 1) continue;
    hits[start] = 2;
    stack.push(start);
    let minX = width;
    let maxX = 0;
    let minY = height;
    let maxY = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      for (const j of [i - 1, i + 1, i - width, i + width])
        if (j >= 0 && j < hits.length && hits[j] === 1) {
          hits[j] = 2;
          stack.push(j);
        }
    }
    if (maxX - minX <= 2 * R && maxY - minY <= 2 * R) specks++;
  }
  return specks;
}

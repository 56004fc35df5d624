/**
 * A white border left in the token: bands of near-white, flat rows or columns running along a
 * token edge (the paper's margin or a photo booth's white frame cut into the portrait). The value
 * is the widest such band as a share of the token's width or height. Pure function.
 */

const WHITE = 222;
const FLAT = 10;

export function whiteBorderFraction(luma: Float32Array, width: number, height: number): number {
  const isBand = (get: (k: number) => number, n: number) => {
    let white = 0;
    let sum = 0;
    let sq = 0;
    for (let k = 0; k < n; k++) {
      const v = get(k);
      if (v >= WHITE) white++;
      sum += v;
      sq += v * v;
    }
    const mean = sum / n;
    return white >= 0.9 * n && Math.sqrt(Math.max(0, sq / n - mean * mean)) < FLAT;
  };
  const run = (count: number, band: (i: number) => boolean) => {
    let i = 0;
    while (i < count && band(i)) i++;
    return i;
  };
  const top = run(height, (y) => isBand((x) => luma[y * width + x]!, width));
  const bottom = run(height, (y) => isBand((x) => luma[(height - 1 - y) * width + x]!, width));
  const left = run(width, (x) => isBand((y) => luma[y * width + x]!, height));
  const right = run(width, (x) => isBand((y) => luma[y * width + width - 1 - x]!, height));
  return Math.max(top / height, bottom / height, left / width, right / width);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../../../common/prng';
import { blockiness } from './measures';

/** The definition, one step at a time: mean step per phase of the 8-pixel grid, both directions. */
function reference(plane: Float32Array, width: number, height: number): number {
  const ratio = (sums: number[], counts: number[]) => {
    const means = sums.map((s, k) => s / (counts[k] || 1));
    const best = means.indexOf(Math.max(...means));
    const rest = means.filter((_, k) => k !== best).reduce((a, m) => a + m, 0) / 7;
    return rest > 0.05 ? means[best]! / rest : 1;
  };
  const hs = Array(8).fill(0);
  const hc = Array(8).fill(0);
  const vs = Array(8).fill(0);
  const vc = Array(8).fill(0);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (x + 1 < width) {
        hs[x & 7] += Math.abs(plane[i + 1]! - plane[i]!);
        hc[x & 7] += 1;
      }
      if (y + 1 < height) {
        vs[y & 7] += Math.abs(plane[i + width]! - plane[i]!);
        vc[y & 7] += 1;
      }
    }
  return (ratio(hs, hc) + ratio(vs, vc)) / 2;
}

/** A plane of 8x8 blocks (one grey per block, as a heavily compressed JPEG) plus mild noise. */
function blocky(width: number, height: number, seed = 7): Float32Array {
  const random = seededRandom(seed);
  const rand = () => random() * 255;
  const levels = Array.from({ length: Math.ceil(width / 8) * Math.ceil(height / 8) }, rand);
  return Float32Array.from({ length: width * height }, (_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    return levels[Math.floor(y / 8) * Math.ceil(width / 8) + Math.floor(x / 8)]! + rand() * 0.02;
  });
}

describe('JPEG blockiness', () => {
  it('equals its step-by-step definition, widths that are not multiples of 8 included', () => {
    for (const [w, h] of [
      [64, 48],
      [77, 53],
      [131, 97],
    ] as const) {
      const random = seededRandom(w * h);
      const noise = Float32Array.from({ length: w * h }, () => random() * 255);
      for (const plane of [noise, blocky(w, h)]) {
        const got = blockiness(plane, w, h);
        const want = reference(plane, w, h);
        assert.ok(Math.abs(got - want) < 1e-9 * want, `${w}x${h}: ${got} vs ${want}`);
      }
    }
  });

  it('is about 1 without blocks and well above 1.3 with 8x8 blocks, in a region off the grid too', () => {
    const w = 160;
    const h = 120;
    const smooth = Float32Array.from({ length: w * h }, (_, i) => (i % w) + Math.floor(i / w) * 0.5);
    assert.ok(Math.abs(blockiness(smooth, w, h) - 1) < 0.05);
    const blocks = blocky(w, h);
    assert.ok(blockiness(blocks, w, h) > 1.3);
    // a region starting at column 13 keeps the picture's grid phase (it starts on column 8)
    assert.ok(blockiness(blocks, w, h, { left: 13, top: 5, width: 100, height: 90 }) > 1.3);
  });

  it('is not a number on a region too small to judge', () => {
    assert.ok(Number.isNaN(blockiness(blocky(64, 64), 64, 64, { left: 0, top: 0, width: 20, height: 64 })));
  });
});

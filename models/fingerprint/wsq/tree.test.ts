import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SUBBANDS, NUM_SUBBANDS } from './constants';
import { blockSizes, codedCoefficientCount } from './quantization';
import { buildTrees } from './tree';

describe('WSQ subband trees', () => {
  for (const [w, h] of [
    [256, 256],
    [545, 622],
    [65, 65],
    [804, 752],
    [1001, 77],
  ] as const) {
    it(`the 64 subbands tile a ${w}x${h} image exactly once`, () => {
      const { qTree } = buildTrees(w, h);
      const cover = new Uint8Array(w * h);
      for (let b = 0; b < MAX_SUBBANDS; b++) {
        const s = qTree[b]!;
        assert.ok(s.lenx > 0 && s.leny > 0, `subband ${b} is empty`);
        for (let y = s.y; y < s.y + s.leny; y++) {
          for (let x = s.x; x < s.x + s.lenx; x++) {
            assert.ok(x < w && y < h, `subband ${b} leaves the image`);
            cover[y * w + x] = cover[y * w + x]! + 1;
          }
        }
      }
      assert.ok(cover.every((c) => c === 1));
    });
  }

  it('places the coarsest subbands at the origin and the level-1 HH band last', () => {
    const { qTree, wTree } = buildTrees(256, 256);
    assert.deepEqual(qTree[0], { x: 0, y: 0, lenx: 8, leny: 8 });
    assert.deepEqual(qTree[60], { x: 128, y: 128, lenx: 64, leny: 64 });
    assert.equal(wTree[0]!.lenx, 256);
    assert.equal(wTree[19]!.lenx, 16);
  });

  it('counts the coefficients of the coded subbands per block', () => {
    const { qTree } = buildTrees(256, 256);
    const q = new Float32Array(MAX_SUBBANDS);
    for (let i = 0; i < NUM_SUBBANDS; i++) q[i] = 1;
    // Everything but the level-1 HH quarter is coded.
    assert.equal(codedCoefficientCount(q, qTree), 256 * 256 - 128 * 128);
    const [b1, b2, b3] = blockSizes(q, qTree);
    assert.equal(b1 + b2 + b3, 256 * 256 - 128 * 128);
    assert.equal(b3, 2 * 128 * 128);
    q[0] = 0;
    assert.equal(codedCoefficientCount(q, qTree), 256 * 256 - 128 * 128 - 64);
  });
});

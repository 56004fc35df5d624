import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeY4m, rgbToI420 } from './y4m';

function solid(width: number, height: number, [r, g, b]: [number, number, number]) {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set([r, g, b], i * 3);
  return { width, height, rgb };
}

describe('Y4M writer', () => {
  it('writes the header and one FRAME per frame with I420 planes', () => {
    const y4m = encodeY4m([solid(4, 2, [0, 0, 0]), solid(4, 2, [255, 255, 255])], 25);
    const header = 'YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C420jpeg\n';
    assert.equal(y4m.subarray(0, header.length).toString('ascii'), header);
    const frameBytes = 4 * 2 * 1.5;
    assert.equal(y4m.length, header.length + 2 * (6 + frameBytes));
    assert.equal(y4m.subarray(header.length, header.length + 6).toString('ascii'), 'FRAME\n');
  });

  it('uses BT.601 studio range: black 16, white 235, grey chroma 128', () => {
    const black = rgbToI420(solid(2, 2, [0, 0, 0]));
    const white = rgbToI420(solid(2, 2, [255, 255, 255]));
    assert.deepEqual([...black], [16, 16, 16, 16, 128, 128]);
    assert.deepEqual([...white.subarray(0, 4)], [235, 235, 235, 235]);
    const red = rgbToI420(solid(2, 2, [255, 0, 0]));
    assert.ok(red[5]! > 200, 'red has a high V');
  });

  it('refuses odd sizes and mismatched buffers', () => {
    assert.throws(() => rgbToI420(solid(3, 2, [0, 0, 0])), RangeError);
    assert.throws(() => rgbToI420({ width: 2, height: 2, rgb: new Uint8Array(5) }), RangeError);
    assert.throws(() => encodeY4m([]), RangeError);
  });
});

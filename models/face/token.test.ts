import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { DEFAULT_PORTRAIT_CONFIG } from './config';
import { refineEyes } from './geometry/eye-refine';
import { faceGeometry } from './geometry/face-geometry';
import { lumaPlane } from './image/rgb-image';
import { syntheticFace } from './testing/synthetic';
import { makeTokenPortrait, warpToToken } from './token';

describe('token portrait', () => {
  test('de-rotates the roll and puts the eyes on the token geometry', async () => {
    const s = await syntheticFace({
      width: 1000,
      height: 1200,
      ied: 200,
      rollDeg: 7,
      centre: { x: 500, y: 520 },
    });
    const geometry = { width: 400, height: 514, eyeLineRatio: 0.45, iedRatio: 0.25 };
    const { image, outsideFraction } = warpToToken(s.image, { right: s.rightEye, left: s.leftEye }, geometry);
    assert.equal(image.width, 400);
    assert.equal(image.height, 514);
    assert.ok(outsideFraction < 0.01);
    // measure the eyes in the token: level, 100 px apart, midpoint at (200, 0.45 * 514)
    const luma = { width: image.width, height: image.height, data: lumaPlane(image) };
    const r = refineEyes(luma, { x: 150 + 3, y: 231.3 + 3 }, { x: 250 - 2, y: 231.3 - 3 });
    const g = faceGeometry(
      {
        rightEye: r.rightEye,
        leftEye: r.leftEye,
        noseTip: r.rightEye,
        mouth: r.rightEye,
        rightEar: r.rightEye,
        leftEar: r.leftEye,
      },
      r,
    );
    assert.ok(Math.abs(g.rollDeg) < 0.5, `roll after de-rotation ${g.rollDeg}`);
    assert.ok(Math.abs(g.ied - 100) < 2, `ied ${g.ied}`);
    assert.ok(Math.abs(g.eyeMidpoint.x - 200) < 1.5 && Math.abs(g.eyeMidpoint.y - 0.45 * 514) < 1.5);
  });
  test('writes 1244 x 1600 JPEG and PNG, reporting upscaling and the roll removed', async () => {
    const s = await syntheticFace({ ied: 100, rollDeg: -4 });
    const face = { eyes: { right: s.rightEye, left: s.leftEye } };
    const jpeg = await makeTokenPortrait(s.image, face);
    const meta = await sharp(jpeg.data).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, DEFAULT_PORTRAIT_CONFIG.token.width);
    assert.equal(meta.height, DEFAULT_PORTRAIT_CONFIG.token.height);
    assert.ok(jpeg.upscaled, 'IED 100 -> 311 is an upscale');
    assert.ok(Math.abs(jpeg.rollCorrectedDeg + 4) < 1e-6);
    const png = await makeTokenPortrait(s.image, face, { format: 'png' });
    assert.equal((await sharp(png.data).metadata()).format, 'png');
    const big = await syntheticFace({ width: 1600, height: 2000, ied: 400, centre: { x: 800, y: 900 } });
    const down = await makeTokenPortrait(big.image, { eyes: { right: big.rightEye, left: big.leftEye } });
    assert.equal(down.upscaled, false);
    assert.ok(down.scale < 1);
  });
});

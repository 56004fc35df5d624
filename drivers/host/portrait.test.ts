import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { StationError } from '../../common/errors';
import { syntheticFace } from '../../models/face/testing/synthetic';
import { deviceHostMessages } from './errors';
import { analyzePortraitFrame } from './portrait';

describe('device host portrait service (its portrait worker thread)', () => {
  it('answers frames with the analysis, several in flight', async () => {
    const face = await syntheticFace({ width: 400, height: 514 });
    const jpeg = await sharp(face.image.data, { raw: { width: 400, height: 514, channels: 3 } })
      .jpeg({ quality: 92 })
      .toBuffer();
    const request = { jpegBase64: jpeg.toString('base64'), mode: 'live' as const };
    const [a, b] = await Promise.all([analyzePortraitFrame(request), analyzePortraitFrame(request)]);
    for (const analysis of [a, b]) {
      assert.ok(analysis.face, 'the synthetic face is found');
      assert.ok(analysis.criteria.some((c) => c.id === 'roll'));
      assert.equal(typeof analysis.guidance.message, 'string');
    }
    assert.deepEqual(a.criteria, b.criteria, 'the same frame gives the same report');
  });

  it('turns an undecodable frame into INVALID_IMAGE with the French message, and goes on answering', async () => {
    await assert.rejects(
      analyzePortraitFrame({
        jpegBase64: Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2]).toString('base64'),
        mode: 'live',
      }),
      (error) =>
        error instanceof StationError &&
        error.code === 'INVALID_IMAGE' &&
        error.message === deviceHostMessages.photoUnreadable,
    );
    const face = await syntheticFace({ width: 300, height: 386 });
    const jpeg = await sharp(face.image.data, { raw: { width: 300, height: 386, channels: 3 } })
      .jpeg()
      .toBuffer();
    const after = await analyzePortraitFrame({ jpegBase64: jpeg.toString('base64'), mode: 'final' });
    assert.ok(after.criteria.length > 0);
  });
});

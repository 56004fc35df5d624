import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  assessQuality,
  compareTemplates,
  encodeIso19794_2,
  extractTemplate,
  FINGERPRINT_MATCH_THRESHOLD,
  fuseScores,
  loadFingerprintImage,
  parseIsoTemplate,
} from './index';
import { randomMinutiae, renderPattern } from './synthetic/patterns';

describe('public API', () => {
  it('goes from encoded image bytes to a verification decision', async () => {
    const base = { width: 300, height: 340, period: 9, kind: 'parallel' as const, ridgeAngle: 0.8, noise: 6 };
    const spec = { ...base, minutiae: randomMinutiae(base, 12, 3) };
    const toPng = async (img: ReturnType<typeof renderPattern>) =>
      new Uint8Array(
        await sharp(Buffer.from(img.pixels), { raw: { width: img.width, height: img.height, channels: 1 } })
          .png()
          .toBuffer(),
      );
    const enrolled = extractTemplate(
      await loadFingerprintImage(await toPng(renderPattern({ ...spec, seed: 1 }))),
    );
    const live = await loadFingerprintImage(
      await toPng(renderPattern({ ...spec, seed: 2 }, { rotation: 0.2, dx: 8, dy: 4 })),
    );
    const quality = assessQuality(live);
    assert.ok(quality.score > 50, `quality ${quality.score}`);
    const chipTemplate = parseIsoTemplate(encodeIso19794_2(enrolled, { fingerPosition: 2 }));
    const { score } = compareTemplates(chipTemplate, extractTemplate(live));
    assert.ok(score >= FINGERPRINT_MATCH_THRESHOLD, `score ${score}`);
    assert.ok(fuseScores([score, 0]) < score);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFingerprintImage, UnsupportedImageFormatError } from '..';
import { encodeWsq } from '../wsq';
import { encodeFingerImageRecord2011 } from './iso19794-4';

function ridges(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels[y * width + x] = 128 + Math.round(100 * Math.sin((x + y) / 3));
  }
  return pixels;
}

describe('built-in fingerprint formats', () => {
  it('loads WSQ with the resolution of its NISTCOM header', async () => {
    const wsq = encodeWsq({ width: 128, height: 96, pixels: ridges(128, 96), ppi: 500 }, { bitrate: 2.25 });
    const image = await loadFingerprintImage(wsq);
    assert.equal(image.width, 128);
    assert.equal(image.height, 96);
    assert.equal(image.ppi, 500);
  });

  it('loads ISO 19794-4 records with WSQ and raw payloads, and refuses JPEG 2000 clearly', async () => {
    const pixels = ridges(100, 120);
    const wsq = encodeWsq({ width: 100, height: 120, pixels, ppi: 500 }, { bitrate: 2.25 });
    const common = { position: 2, width: 100, height: 120, ppi: 500, quality: 70 } as const;
    const withWsq = encodeFingerImageRecord2011({ ...common, compression: 'wsq', data: wsq });
    assert.equal((await loadFingerprintImage(withWsq)).width, 100);
    const withRaw = encodeFingerImageRecord2011({ ...common, compression: 'raw', data: pixels });
    const raw = await loadFingerprintImage(withRaw);
    assert.deepEqual(Buffer.from(raw.pixels.subarray(0, 50)), Buffer.from(pixels.subarray(0, 50)));
    const withJ2k = encodeFingerImageRecord2011({
      ...common,
      compression: 'jpeg2000-lossless',
      data: Uint8Array.of(0, 0, 0, 12),
    });
    await assert.rejects(loadFingerprintImage(withJ2k), UnsupportedImageFormatError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeJpeg2000 } from '../../imaging/jpeg2000';
import { ImageDecodeError, loadFingerprintImage } from '..';
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

  it('loads ISO 19794-4 records with WSQ, raw and JPEG 2000 payloads', async () => {
    const pixels = ridges(100, 120);
    const wsq = encodeWsq({ width: 100, height: 120, pixels, ppi: 500 }, { bitrate: 2.25 });
    const common = { position: 2, width: 100, height: 120, ppi: 500, quality: 70 } as const;
    const withWsq = encodeFingerImageRecord2011({ ...common, compression: 'wsq', data: wsq });
    assert.equal((await loadFingerprintImage(withWsq)).width, 100);
    const withRaw = encodeFingerImageRecord2011({ ...common, compression: 'raw', data: pixels });
    const raw = await loadFingerprintImage(withRaw);
    assert.deepEqual(Buffer.from(raw.pixels.subarray(0, 50)), Buffer.from(pixels.subarray(0, 50)));
    const j2k = await encodeJpeg2000({ width: 100, height: 120, components: 1, pixels });
    const withJ2k = encodeFingerImageRecord2011({ ...common, compression: 'jpeg2000-lossless', data: j2k });
    const lossless = await loadFingerprintImage(withJ2k);
    assert.deepEqual([lossless.width, lossless.height, lossless.ppi], [100, 120, 500]);
    assert.deepEqual(Buffer.from(lossless.pixels), Buffer.from(pixels));
    const lossy = await encodeJpeg2000(
      { width: 100, height: 120, components: 1, pixels },
      { lossless: false },
    );
    const withLossy = encodeFingerImageRecord2011({ ...common, compression: 'jpeg2000-lossy', data: lossy });
    assert.equal((await loadFingerprintImage(withLossy)).height, 120);
    const broken = encodeFingerImageRecord2011({
      ...common,
      compression: 'jpeg2000-lossless',
      data: Uint8Array.of(0, 0, 0, 12),
    });
    await assert.rejects(loadFingerprintImage(broken), ImageDecodeError);
  });

  it('loads JP2 files and raw J2K codestreams (colour reduced to grey, JP2 resolution kept)', async () => {
    const pixels = ridges(90, 70);
    const rgb = new Uint8Array(90 * 70 * 3);
    for (let i = 0; i < pixels.length; i++) rgb.fill(pixels[i] ?? 0, 3 * i, 3 * i + 3);
    const jp2 = await encodeJpeg2000(
      { width: 90, height: 70, components: 3, pixels: rgb },
      { container: 'jp2', ppi: 1000 },
    );
    const image = await loadFingerprintImage(jp2, { keepNativeResolution: true });
    assert.deepEqual([image.width, image.height, image.ppi], [90, 70, 1000]);
    assert.deepEqual(Buffer.from(image.pixels), Buffer.from(pixels));
    const j2k = await encodeJpeg2000({ width: 90, height: 70, components: 1, pixels });
    const plain = await loadFingerprintImage(j2k);
    assert.deepEqual([plain.width, plain.ppi], [90, 500]);
    await assert.rejects(loadFingerprintImage(j2k.subarray(0, 60)), ImageDecodeError);
  });
});

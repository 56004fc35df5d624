import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { stretchContrast } from './contrast';
import { findDecoder, registerImageDecoder, UnsupportedImageFormatError } from './decoders';
import { replicateFrame } from './frame';
import { createGreyImage, InvalidImageError } from './grey-image';
import { ImageDecodeError, loadFingerprintImage } from './load';
import { resampleToPpi } from './resample';

function gradient(width: number, height: number): Uint8Array {
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) px[y * width + x] = (x * 255) / (width - 1);
  return px;
}

describe('GreyImage', () => {
  it('rejects inconsistent buffers and sizes', () => {
    assert.throws(() => createGreyImage(4, 4, new Uint8Array(15)), InvalidImageError);
    assert.throws(() => createGreyImage(0, 4, new Uint8Array(0)), InvalidImageError);
    assert.throws(() => createGreyImage(2, 2, new Uint8Array(4), 0), InvalidImageError);
    assert.equal(createGreyImage(2, 2, new Uint8Array(4)).ppi, 500);
  });
});

describe('resampleToPpi', () => {
  it('halves a 1000 ppi image and keeps its grey levels', () => {
    const img = createGreyImage(200, 100, gradient(200, 100), 1000);
    const out = resampleToPpi(img);
    assert.equal(out.width, 100);
    assert.equal(out.height, 50);
    assert.equal(out.ppi, 500);
    // Column x of the output covers input columns ~2x: value close to the input ramp.
    const expected = ((2 * 40 + 0.5) * 255) / 199;
    assert.ok(Math.abs(out.pixels[25 * 100 + 40]! - expected) < 3);
  });

  it('returns 500 ppi images unchanged and upsamples low resolutions', () => {
    const img = createGreyImage(10, 10, new Uint8Array(100).fill(7));
    assert.equal(resampleToPpi(img), img);
    const up = resampleToPpi(createGreyImage(10, 10, new Uint8Array(100).fill(7), 250));
    assert.equal(up.width, 20);
    assert.ok(up.pixels.every((v) => v === 7));
  });
});

describe('loadFingerprintImage', () => {
  const raw = gradient(64, 48);
  const input = () => sharp(Buffer.from(raw), { raw: { width: 64, height: 48, channels: 1 } });

  it('loads PNG, TIFF and JPEG as one-channel 500 ppi images', async () => {
    for (const bytes of [
      await input().png().toBuffer(),
      await input().tiff().toBuffer(),
      await input().jpeg({ quality: 95 }).toBuffer(),
    ]) {
      const img = await loadFingerprintImage(new Uint8Array(bytes));
      assert.equal(img.width, 64);
      assert.equal(img.height, 48);
      assert.equal(img.ppi, 500);
      assert.equal(img.pixels.length, 64 * 48);
      assert.ok(Math.abs(img.pixels[10 * 64 + 32]! - raw[10 * 64 + 32]!) <= 4);
    }
  });

  it('reads the density and resamples 1000 ppi to 500 ppi', async () => {
    const bytes = await input().withMetadata({ density: 1000 }).png().toBuffer();
    const img = await loadFingerprintImage(new Uint8Array(bytes));
    assert.equal(img.ppi, 500);
    assert.equal(img.width, 32);
    assert.equal(img.height, 24);
    const native = await loadFingerprintImage(new Uint8Array(bytes), { keepNativeResolution: true });
    assert.equal(native.ppi, 1000);
    assert.equal(native.width, 64);
  });

  it('ignores encoder-default densities such as 72 dpi', async () => {
    const bytes = await input().withMetadata({ density: 72 }).jpeg().toBuffer();
    const img = await loadFingerprintImage(new Uint8Array(bytes));
    assert.deepEqual([img.width, img.ppi], [64, 500]);
    const forced = await loadFingerprintImage(new Uint8Array(bytes), { ppi: 1000 });
    assert.deepEqual([forced.width, forced.ppi], [32, 500]);
  });

  it('converts colour input to one grey channel', async () => {
    const rgb = await sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 200, b: 200 } },
    })
      .png()
      .toBuffer();
    const img = await loadFingerprintImage(new Uint8Array(rgb));
    assert.equal(img.pixels.length, 64);
  });

  it('rejects garbage with ImageDecodeError', async () => {
    await assert.rejects(loadFingerprintImage(new Uint8Array([1, 2, 3, 4, 5])), ImageDecodeError);
  });

  it('recognises WSQ and ISO 19794-4 but needs a registered decoder', async () => {
    const wsq = new Uint8Array([0xff, 0xa0, 0xff, 0xa8, 0, 0]);
    await assert.rejects(loadFingerprintImage(wsq), (e: unknown) => {
      assert.ok(e instanceof UnsupportedImageFormatError);
      assert.equal(e.format, 'wsq');
      return true;
    });
    assert.throws(
      () => findDecoder(new Uint8Array([0x46, 0x49, 0x52, 0, 0x30])),
      UnsupportedImageFormatError,
    );
  });

  it('uses a registered decoder and stops after unregistering', async () => {
    const unregister = registerImageDecoder({
      format: 'wsq',
      sniff: (b) => b[0] === 0xff && b[1] === 0xa0,
      decode: () => createGreyImage(20, 10, new Uint8Array(200).fill(9), 1000),
    });
    try {
      const img = await loadFingerprintImage(new Uint8Array([0xff, 0xa0]));
      assert.deepEqual([img.width, img.height, img.ppi], [10, 5, 500]);
    } finally {
      unregister();
    }
    await assert.rejects(loadFingerprintImage(new Uint8Array([0xff, 0xa0])), UnsupportedImageFormatError);
  });
});

/** Builds an 8-bit palette BMP (bottom-up) with a grey ramp palette. */
function bmp8(width: number, height: number, px: (x: number, y: number) => number, ppm = 19685): Uint8Array {
  const stride = Math.ceil(width / 4) * 4;
  const offset = 14 + 40 + 1024;
  const out = new Uint8Array(offset + stride * height);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, out.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 8, true);
  v.setInt32(38, ppm, true);
  v.setInt32(42, ppm, true);
  for (let k = 0; k < 256; k++) out.set([k, k, k, 0], 54 + 4 * k);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[offset + (height - 1 - y) * stride + x] = px(x, y);
  return out;
}

describe('BMP loading', () => {
  it('decodes 8-bit palette BMP rows in the right order', async () => {
    const img = await loadFingerprintImage(bmp8(5, 3, (x, y) => 10 * y + x));
    assert.deepEqual([img.width, img.height, img.ppi], [5, 3, 500]);
    assert.deepEqual([...img.pixels.subarray(0, 5)], [0, 1, 2, 3, 4]);
    assert.equal(img.pixels[2 * 5 + 4], 24);
  });

  it('uses the BMP resolution (1000 ppi -> resampled)', async () => {
    const img = await loadFingerprintImage(bmp8(40, 20, () => 100, 39370));
    assert.deepEqual([img.width, img.height], [20, 10]);
  });

  it('rejects truncated BMP', async () => {
    await assert.rejects(loadFingerprintImage(bmp8(5, 3, () => 0).subarray(0, 60)), ImageDecodeError);
  });
});

describe('replicateFrame', () => {
  it('replaces an edge line artifact by the interior values', () => {
    const w = 10;
    const h = 6;
    const px = new Uint8Array(w * h).fill(200);
    for (let y = 0; y < h; y++) px[y * w + w - 1] = 40; // dark last column
    const out = replicateFrame(createGreyImage(w, h, px));
    assert.ok(out.pixels.every((v) => v === 200));
    assert.equal(px[w - 1], 40, 'input untouched');
  });
});

describe('stretchContrast', () => {
  it('maps a faint print (grey levels 200..250) onto the full range and keeps full-range images', () => {
    const pixels = Uint8Array.from({ length: 100 * 100 }, (_, i) => 200 + ((i * 7) % 51));
    const faint = createGreyImage(100, 100, pixels, 500);
    const out = stretchContrast(faint);
    assert.equal(Math.min(...out.pixels), 0);
    assert.equal(Math.max(...out.pixels), 255);
    assert.ok(out.pixels[0]! < out.pixels[1]!, 'order kept');
    const full = createGreyImage(
      100,
      100,
      Uint8Array.from({ length: 100 * 100 }, (_, i) => i % 256),
      500,
    );
    assert.equal(stretchContrast(full), full);
    const flat = createGreyImage(10, 10, new Uint8Array(100).fill(240), 500);
    assert.equal(stretchContrast(flat), flat);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { loadSignedTrustList, parseTwoDDoc, verifyTwoDDoc } from '../documents/twoddoc';
import {
  makeTestAuthority,
  sampleProofOfAddress,
  signedTrustList,
} from '../documents/twoddoc/twoddoc.testing';
import { BarcodeImageError, decodeBarcodeImage } from './barcode';
import { type DocumentOptions, documentImage, symbolPng } from './barcode.testing';

async function code(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    if (error instanceof BarcodeImageError) return error.code;
    throw error;
  }
  return 'decoded';
}

/** A PNG whose header claims `width` x `height` (IHDR patched, CRC recomputed), with no pixels. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000000' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  let crc = 0xffffffff;
  for (const byte of png.subarray(12, 29)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  png.writeUInt32BE((crc ^ 0xffffffff) >>> 0, 29);
  return png;
}

describe('2D barcodes in pictures of proofs', async () => {
  const ta = await makeTestAuthority();
  const text = sampleProofOfAddress(ta);
  const trust = await loadSignedTrustList(await signedTrustList([ta]));

  const pictures: [string, DocumentOptions][] = [
    ['a clean scan (PNG, 150 ppi page)', { quality: 'png' }],
    ['turned 17 degrees', { rotate: 17 }],
    ['upside down and a little turned (200 degrees)', { rotate: 200 }],
    ['turned 45 degrees', { rotate: 45 }],
    ['small modules (3 px)', { modulePx: 3 }],
    ['a large page (3000 x 4000) with large modules', { modulePx: 10, page: { width: 3000, height: 4000 } }],
    ['blurred (sigma 2 px)', { blur: 2 }],
    ['noisy, JPEG quality 30', { noise: 30, quality: 30 }],
    ['turned, blurred, noisy and compressed', { rotate: 8, blur: 0.8, noise: 20, quality: 50, modulePx: 4 }],
    ['near the page corner (small margin)', { at: { left: 3, top: 3 } }],
  ];
  for (const [name, options] of pictures) {
    it(`finds and verifies the 2D-DOC of a page: ${name}`, async () => {
      const found = await decodeBarcodeImage(await documentImage(text, options));
      assert.equal(found.format, 'datamatrix');
      assert.equal(found.text, text);
      const doc = parseTwoDDoc(found.bytes);
      assert.equal(verifyTwoDDoc(doc, trust).verdict, 'authentic');
    });
  }

  it('keeps the bytes of a binary content (0xDC...) and reads a QR code', async () => {
    const binary = '\u00dc\u0003\u00ff\u0000\u001d\u0080abc';
    const found = await decodeBarcodeImage(await symbolPng(binary, 6));
    assert.deepEqual([...found.bytes], [0xdc, 3, 0xff, 0, 0x1d, 0x80, 0x61, 0x62, 0x63]);
    const qr = await decodeBarcodeImage(
      await documentImage('1234567890123456', { format: 'qr', rotate: 30 }),
    );
    assert.deepEqual([qr.format, qr.text], ['qr', '1234567890123456']);
  });

  it('refuses what is not a usable picture, each with its own code', async () => {
    const jpeg = await documentImage(text, {});
    const blank = await sharp({
      create: { width: 800, height: 1100, channels: 3, background: '#fafafa' },
    })
      .jpeg()
      .toBuffer();
    assert.equal(await code(() => decodeBarcodeImage(new Uint8Array())), 'NOT_AN_IMAGE');
    assert.equal(
      await code(() => decodeBarcodeImage(Buffer.from('DC04FR99T001 not a picture'))),
      'NOT_AN_IMAGE',
    );
    assert.equal(await code(() => decodeBarcodeImage(jpeg.subarray(0, jpeg.length / 2))), 'TRUNCATED_IMAGE');
    const huge = await pngClaiming(100_000, 100_000);
    assert.equal(await code(() => decodeBarcodeImage(huge)), 'IMAGE_TOO_LARGE');
    assert.equal(await code(() => decodeBarcodeImage(jpeg, { maxBytes: 1000 })), 'IMAGE_TOO_LARGE');
    assert.equal(await code(() => decodeBarcodeImage(blank)), 'NO_BARCODE');
    const error = await decodeBarcodeImage(blank).catch((e: BarcodeImageError) => e);
    assert.match((error as BarcodeImageError).messageFr, /Aucun code 2D lisible/);
  });

  it('never throws anything but a BarcodeImageError on arbitrary or damaged files', async () => {
    const png = await documentImage(text, {
      quality: 'png',
      page: { width: 600, height: 700 },
      at: { left: 300, top: 40 },
    });
    const jpeg = await documentImage(text, { page: { width: 600, height: 700 }, at: { left: 300, top: 40 } });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        assert.notEqual(await code(() => decodeBarcodeImage(bytes)), undefined);
      }),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(png, jpeg),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        async (file, cut, edits) => {
          const damaged = Buffer.from(file.subarray(0, 1 + (cut % file.length)));
          for (const [at, value] of edits) damaged[at % damaged.length] = value;
          const outcome = await code(() => decodeBarcodeImage(damaged));
          if (outcome === 'decoded') return;
          assert.ok(['NOT_AN_IMAGE', 'TRUNCATED_IMAGE', 'IMAGE_TOO_LARGE', 'NO_BARCODE'].includes(outcome));
        },
      ),
      { numRuns: 25 },
    );
  });
});

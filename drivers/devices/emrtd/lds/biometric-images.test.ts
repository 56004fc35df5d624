/**
 * Decoding of DG2 faces (JPEG 2000 and JPEG) and DG3 fingers (JPEG 2000, WSQ) made in code: pixels,
 * PNG output, sizes filled in from the decoded image, and typed errors for broken images.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { encodeWsq } from '../../../../models/fingerprint/wsq';
import { syntheticFingerprint } from '../../../../models/fingerprint/wsq/test-fixtures';
import { encodeJpeg2000 } from '../../../../models/imaging/jpeg2000';
import { FrameError } from '../../../core/errors';
import { decodeDg2Faces, decodeFaceImage, decodeFingerImageAsync } from './biometric-images';
import { encodeBiometricGroup } from './cbeff';
import { encodeFaceRecord, parseDg2 } from './dg2';
import { encodeFingerRecord, parseDg3 } from './dg3';

const W = 48;
const H = 64;

function portrait(): Uint8Array {
  const rgb = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      rgb.set([(x * 5) & 0xff, (y * 3) & 0xff, 200 - ((x + y) & 0x7f)], (y * W + x) * 3);
  return rgb;
}

const dg2Of = (face: Parameters<typeof encodeFaceRecord>[0]) =>
  parseDg2(
    encodeBiometricGroup(0x75, [{ type: 2, subtype: 0, formatType: 8, data: encodeFaceRecord(face) }]),
  );

/** A DG3 whose single finger carries `bytes` under 19794-4 compression code `compression`. */
function dg3Of(bytes: Uint8Array, width: number, height: number, compression: number) {
  const record = encodeFingerRecord([{ positionCode: 2, width, height, quality: 80, bytes }]);
  record[29] = compression;
  return parseDg3(encodeBiometricGroup(0x63, [{ type: 8, subtype: 9, formatType: 7, data: record }]));
}

describe('DG2/DG3 image decoding', () => {
  it('decodes a JPEG 2000 face to RGB pixels and a PNG', async () => {
    const rgb = portrait();
    const jp2 = await encodeJpeg2000(
      { width: W, height: H, components: 3, pixels: rgb },
      { container: 'jp2' },
    );
    const face = dg2Of({ bytes: jp2, width: W, height: H, format: 'jpeg2000' }).images[0]!;
    assert.equal(face.format, 'jpeg2000');
    const decoded = await decodeFaceImage(face);
    assert.deepEqual(
      [decoded.width, decoded.height, decoded.channels, decoded.matchesHeader],
      [W, H, 3, true],
    );
    assert.deepEqual(Buffer.from(decoded.pixels), Buffer.from(rgb));
    assert.equal((await sharp(decoded.png).metadata()).format, 'png');
    const png = await sharp(decoded.png).raw().toBuffer({ resolveWithObject: true });
    assert.deepEqual([png.info.width, png.info.height], [W, H]);
    assert.deepEqual(new Uint8Array(png.data), rgb);
  });

  it('fills in the size a header left at 0, and flags a header that disagrees', async () => {
    const j2k = await encodeJpeg2000({ width: W, height: H, components: 3, pixels: portrait() });
    const unsized = dg2Of({ bytes: j2k, width: 0, height: 0, format: 'jpeg2000' });
    // The parser already reads the size from the codestream; force a header-less image anyway.
    const blank = { images: unsized.images.map((i) => ({ ...i, width: 0, height: 0 })) };
    const [entry] = await decodeDg2Faces(blank);
    assert.deepEqual([entry?.face.width, entry?.face.height, entry?.decoded.matchesHeader], [W, H, true]);
    const wrong = dg2Of({ bytes: j2k, width: W + 2, height: H, format: 'jpeg2000' }).images[0]!;
    assert.equal((await decodeFaceImage(wrong)).matchesHeader, false);
  });

  it('decodes a JPEG face through sharp', async () => {
    const jpeg = new Uint8Array(
      await sharp(Buffer.from(portrait()), { raw: { width: W, height: H, channels: 3 } })
        .jpeg({ quality: 95 })
        .toBuffer(),
    );
    const face = dg2Of({ bytes: jpeg, width: W, height: H, format: 'jpeg' }).images[0]!;
    const decoded = await decodeFaceImage(face);
    assert.deepEqual([decoded.width, decoded.height, decoded.channels], [W, H, 3]);
    assert.ok(decoded.png.length > 0);
  });

  it('decodes JPEG 2000 and WSQ DG3 fingers to grey', async () => {
    const pixels = syntheticFingerprint(96, 112, 5);
    const j2k = await encodeJpeg2000({ width: 96, height: 112, components: 1, pixels });
    const fromJ2k = dg3Of(j2k, 96, 112, 4).fingers[0]!;
    assert.equal(fromJ2k.format, 'jpeg2000');
    const decoded = await decodeFingerImageAsync(fromJ2k);
    assert.deepEqual([decoded.width, decoded.height, decoded.matchesHeader], [96, 112, true]);
    assert.deepEqual(Buffer.from(decoded.pixels), Buffer.from(pixels));
    const wsq = encodeWsq({ width: 96, height: 112, pixels, ppi: 500 }, { bitrate: 2.25 });
    const fromWsq = await decodeFingerImageAsync(dg3Of(wsq, 96, 112, 2).fingers[0]!);
    assert.equal(fromWsq.pixels.length, 96 * 112);
  });

  it('ends in a FrameError for images that do not decode', async () => {
    const j2k = await encodeJpeg2000({ width: W, height: H, components: 3, pixels: portrait() });
    const broken = dg2Of({ bytes: j2k.subarray(0, 100), width: W, height: H, format: 'jpeg2000' }).images[0]!;
    await assert.rejects(decodeFaceImage(broken), FrameError);
    const badJpeg = dg2Of({
      bytes: Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0, 2),
      width: W,
      height: H,
      format: 'jpeg',
    });
    await assert.rejects(decodeFaceImage(badJpeg.images[0]!), FrameError);
    const finger = dg3Of(Uint8Array.of(0xff, 0x4f, 0xff, 0x51, 0, 0), 96, 112, 4).fingers[0]!;
    await assert.rejects(decodeFingerImageAsync(finger), FrameError);
  });
});

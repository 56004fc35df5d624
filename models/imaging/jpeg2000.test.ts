/**
 * JPEG 2000 decoding: lossless round trips of synthetic grey, RGB and 12-bit images made with the
 * package's own encoder (raw codestream and JP2), header checks, and malformed input (random bytes
 * and mutated streams, fast-check) that must end in a Jpeg2000Error, never a crash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeJpeg2000,
  encodeJpeg2000,
  isJpeg2000,
  Jpeg2000Error,
  jp2ResolutionPpi,
  jpeg2000ToGrey,
  readJpeg2000Header,
} from './jpeg2000';

const W = 61;
const H = 47;

function greyRamp(width = W, height = H): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out[y * width + x] = (x * 4 + y * 3 + ((x * y) % 17)) & 0xff;
  return out;
}

function rgbPattern(width = W, height = H): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    out.set([(x * 5) & 0xff, (y * 7) & 0xff, ((x + y) * 3) & 0xff], i * 3);
  }
  return out;
}

const isTypedError = (error: unknown) => error instanceof Jpeg2000Error;

describe('JPEG 2000 (OpenJPEG WASM)', () => {
  it('round-trips a greyscale image losslessly through a raw codestream', async () => {
    const pixels = greyRamp();
    const j2k = await encodeJpeg2000({ width: W, height: H, components: 1, pixels });
    assert.ok(isJpeg2000(j2k));
    assert.deepEqual([...j2k.subarray(0, 4)], [0xff, 0x4f, 0xff, 0x51]);
    const header = readJpeg2000Header(j2k);
    assert.deepEqual(
      [header.container, header.width, header.height, header.components.length, header.tiles],
      ['j2k', W, H, 1, 1],
    );
    const decoded = await decodeJpeg2000(j2k);
    assert.deepEqual(
      [decoded.width, decoded.height, decoded.components, decoded.bitsPerSample, decoded.reversible],
      [W, H, 1, 8, true],
    );
    assert.deepEqual(Buffer.from(decoded.pixels), Buffer.from(pixels));
  });

  it('round-trips an RGB image losslessly in a JP2 file, with its resolution box', async () => {
    const pixels = rgbPattern();
    const jp2 = await encodeJpeg2000(
      { width: W, height: H, components: 3, pixels },
      { container: 'jp2', ppi: 500 },
    );
    assert.deepEqual(
      [...jp2.subarray(0, 12)],
      [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a],
    );
    assert.equal(jp2ResolutionPpi(jp2), 500);
    const decoded = await decodeJpeg2000(jp2);
    assert.deepEqual([decoded.container, decoded.components, decoded.ppi], ['jp2', 3, 500]);
    assert.deepEqual(Buffer.from(decoded.pixels), Buffer.from(pixels));
    const grey = jpeg2000ToGrey(decoded);
    assert.equal(grey.length, W * H);
    assert.equal(grey[1], Math.round(0.299 * 5 + 0.587 * 0 + 0.114 * 3));
  });

  it('rescales 12-bit grey samples to 8 bits', async () => {
    const deep = Uint16Array.from(greyRamp(), (v) => v * 16 + (v & 15));
    const j2k = await encodeJpeg2000({ width: W, height: H, components: 1, pixels: deep, bitsPerSample: 12 });
    const decoded = await decodeJpeg2000(j2k);
    assert.equal(decoded.bitsPerSample, 12);
    const expected = Uint8Array.from(deep, (v) => Math.round((v * 255) / 4095));
    assert.deepEqual(Buffer.from(decoded.pixels), Buffer.from(expected));
  });

  it('decodes lossy (9/7) streams close to the original', async () => {
    const pixels = greyRamp();
    const lossy = await encodeJpeg2000(
      { width: W, height: H, components: 1, pixels },
      { lossless: false, compressionRatio: 4 },
    );
    const decoded = await decodeJpeg2000(lossy);
    assert.equal(decoded.reversible, false);
    let error = 0;
    for (let i = 0; i < pixels.length; i++) error += Math.abs((decoded.pixels[i] ?? 0) - (pixels[i] ?? 0));
    assert.ok(error / pixels.length < 12, `mean absolute error ${error / pixels.length}`);
  });

  it('refuses oversized, offset and non-JPEG 2000 input with typed errors', async () => {
    const j2k = await encodeJpeg2000({ width: W, height: H, components: 1, pixels: greyRamp() });
    await assert.rejects(decodeJpeg2000(j2k, { maxPixels: W * H - 1 }), { code: 'TOO_LARGE' });
    // Huge declared size: refused from the header alone, before the codec allocates anything.
    const huge = j2k.slice();
    new DataView(huge.buffer).setUint32(8, 100_000);
    new DataView(huge.buffer).setUint32(12, 100_000);
    new DataView(huge.buffer).setUint32(24, 100_000);
    new DataView(huge.buffer).setUint32(28, 100_000);
    await assert.rejects(decodeJpeg2000(huge), { code: 'TOO_LARGE' });
    // Image offset on the reference grid (XOsiz = 1), which the codec wrapper mishandles.
    const offset = j2k.slice();
    new DataView(offset.buffer).setUint32(8, W + 1);
    new DataView(offset.buffer).setUint32(16, 1);
    await assert.rejects(decodeJpeg2000(offset), { code: 'UNSUPPORTED' });
    await assert.rejects(decodeJpeg2000(new Uint8Array(0)), { code: 'NOT_JPEG2000' });
    await assert.rejects(decodeJpeg2000(Uint8Array.of(0xff, 0xd8, 0xff)), { code: 'NOT_JPEG2000' });
    await assert.rejects(decodeJpeg2000(j2k.subarray(0, 30)), { code: 'TRUNCATED' });
    await assert.rejects(decodeJpeg2000(j2k.subarray(0, 120)), isTypedError);
  });

  it('fuzz: random bytes behind a JPEG 2000 signature end in a Jpeg2000Error', async () => {
    const signatures = [
      Uint8Array.of(0xff, 0x4f, 0xff, 0x51),
      Uint8Array.of(0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a),
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(1), fc.uint8Array({ maxLength: 300 }), async (s, tail) => {
        const sig = signatures[s] ?? Uint8Array.of();
        const bytes = new Uint8Array(sig.length + tail.length);
        bytes.set(sig);
        bytes.set(tail, sig.length);
        await decodeJpeg2000(bytes).then(
          (decoded) =>
            assert.equal(decoded.pixels.length, decoded.width * decoded.height * decoded.components),
          (error) => assert.ok(isTypedError(error), String(error)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('fuzz: mutated and truncated streams decode or end in a Jpeg2000Error', async () => {
    const seedGrey = await encodeJpeg2000({ width: 40, height: 32, components: 1, pixels: greyRamp(40, 32) });
    const seedRgb = await encodeJpeg2000(
      { width: 24, height: 20, components: 3, pixels: rgbPattern(24, 20) },
      { container: 'jp2' },
    );
    const mutated = (seed: Uint8Array) =>
      fc
        .tuple(
          fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 6,
          }),
          fc.option(fc.nat(seed.length), { nil: undefined }),
        )
        .map(([edits, cut]) => {
          const copy = seed.slice();
          for (const [i, b] of edits) copy[i] = b;
          return cut === undefined ? copy : copy.subarray(0, cut);
        });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(seedGrey), mutated(seedRgb)), async (bytes) => {
        await decodeJpeg2000(bytes).then(
          (decoded) =>
            assert.equal(decoded.pixels.length, decoded.width * decoded.height * decoded.components),
          (error) => assert.ok(isTypedError(error), String(error)),
        );
      }),
      { numRuns: 200 },
    );
    // The codec still works after all that.
    const again = await decodeJpeg2000(seedGrey);
    assert.deepEqual(Buffer.from(again.pixels), Buffer.from(greyRamp(40, 32)));
  });
});

/**
 * Codecs of the STU image upload: StartImageData (0x25, encoding mode), ImageDataBlock (0x26,
 * length u16 LE + up to 253 data bytes over HID, zero-padded to 256), EndImageData (0x27), the
 * split of an encoded image into blocks, and pure pixel encoders (1-bit, 16-bit 565, 24-bit BGR)
 * from 8-bit RGB. The upload itself is status-gated: StartImageData only in Ready, blocks and end
 * only in Image (see status.ts).
 */
import { FrameError } from '../../../core/errors';
import { expectReport, putU16le, report, u8, u16le } from './bytes';
import { EncodingFlag } from './feature-reports';
import { ReportId, ReportLength } from './report-ids';

export const EncodingMode = {
  OneBit: 0x00,
  OneBitZlib: 0x01,
  SixteenBit565: 0x02,
  TwentyFourBit: 0x04,
} as const;
export type EncodingModeValue = (typeof EncodingMode)[keyof typeof EncodingMode];
const modes: readonly number[] = Object.values(EncodingMode);

/** Maximum data bytes in one HID ImageDataBlock. */
export const maxImageBlockData = 253;

export function encodeStartImageData(mode: EncodingModeValue): Uint8Array {
  if (!modes.includes(mode)) throw new RangeError(`StartImageData: mode ${mode}`);
  const bytes = report(ReportId.StartImageData, ReportLength.StartImageData);
  bytes[1] = mode;
  return bytes;
}

export function decodeStartImageData(bytes: Uint8Array): EncodingModeValue {
  expectReport(bytes, ReportId.StartImageData, ReportLength.StartImageData, 'StartImageData');
  const mode = u8(bytes, 1);
  if (!modes.includes(mode))
    throw new FrameError('UNEXPECTED', `StartImageData: unknown mode 0x${mode.toString(16)}`);
  return mode as EncodingModeValue;
}

export function encodeImageDataBlock(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length > maxImageBlockData) {
    throw new RangeError(`ImageDataBlock: ${data.length} bytes, expected 1..${maxImageBlockData}`);
  }
  const bytes = report(ReportId.ImageDataBlock, ReportLength.ImageDataBlock);
  putU16le(bytes, 1, data.length, 'length');
  bytes.set(data, 3);
  return bytes;
}

export function decodeImageDataBlock(bytes: Uint8Array): Uint8Array {
  expectReport(bytes, ReportId.ImageDataBlock, ReportLength.ImageDataBlock, 'ImageDataBlock');
  const length = u16le(bytes, 1);
  if (length === 0 || length > maxImageBlockData) {
    throw new FrameError('BAD_LENGTH', `ImageDataBlock: length ${length}, expected 1..${maxImageBlockData}`);
  }
  return bytes.slice(3, 3 + length);
}

/** Splits encoded image data into HID ImageDataBlock reports. */
export function imageBlocks(data: Uint8Array, blockSize = maxImageBlockData): Uint8Array[] {
  if (blockSize < 1 || blockSize > maxImageBlockData) throw new RangeError(`block size ${blockSize}`);
  const blocks: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += blockSize) {
    blocks.push(encodeImageDataBlock(data.subarray(offset, offset + blockSize)));
  }
  return blocks;
}

/** Exact byte size of an uncompressed full-screen image in `mode` (zlib has no fixed size). */
export function imageByteLength(mode: EncodingModeValue, width: number, height: number): number | undefined {
  switch (mode) {
    case EncodingMode.OneBit:
      return Math.ceil(width / 8) * height;
    case EncodingMode.SixteenBit565:
      return width * height * 2;
    case EncodingMode.TwentyFourBit:
      return width * height * 3;
    default:
      return undefined;
  }
}

/** Whether the Capability encoding flags say the device takes `mode`. */
export function deviceSupportsMode(encodingFlag: number, mode: EncodingModeValue): boolean {
  switch (mode) {
    case EncodingMode.OneBit:
      return (encodingFlag & EncodingFlag.OneBit) !== 0;
    case EncodingMode.OneBitZlib:
      return (encodingFlag & EncodingFlag.OneBit) !== 0 && (encodingFlag & EncodingFlag.Zlib) !== 0;
    case EncodingMode.SixteenBit565:
      return (encodingFlag & EncodingFlag.SixteenBit) !== 0;
    case EncodingMode.TwentyFourBit:
      return (encodingFlag & EncodingFlag.TwentyFourBit) !== 0;
  }
}

/** Encodes packed 8-bit RGB (row-major, 3 bytes per pixel) into the device's pixel format. */
export function encodePixels(
  rgb: Uint8Array,
  width: number,
  height: number,
  mode: EncodingModeValue,
): Uint8Array {
  if (rgb.length !== width * height * 3)
    throw new RangeError(`RGB buffer is ${rgb.length} bytes, expected ${width * height * 3}`);
  const px = (i: number) => [rgb[i * 3] ?? 0, rgb[i * 3 + 1] ?? 0, rgb[i * 3 + 2] ?? 0] as const;
  switch (mode) {
    case EncodingMode.TwentyFourBit: {
      const out = new Uint8Array(width * height * 3);
      for (let i = 0; i < width * height; i++) {
        const [r, g, b] = px(i);
        out[i * 3] = b;
        out[i * 3 + 1] = g;
        out[i * 3 + 2] = r;
      }
      return out;
    }
    case EncodingMode.SixteenBit565: {
      const out = new Uint8Array(width * height * 2);
      for (let i = 0; i < width * height; i++) {
        const [r, g, b] = px(i);
        const v = ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);
        putU16le(out, i * 2, v);
      }
      return out;
    }
    case EncodingMode.OneBit: {
      // 1 = dark pixel drawn on the LCD, MSB first, rows padded to a whole byte.
      const stride = Math.ceil(width / 8);
      const out = new Uint8Array(stride * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const [r, g, b] = px(y * width + x);
          if (r * 299 + g * 587 + b * 114 < 128_000) {
            const idx = y * stride + (x >> 3);
            out[idx] = (out[idx] ?? 0) | (0x80 >> (x & 7));
          }
        }
      }
      return out;
    }
    default:
      throw new RangeError(
        `encodePixels: mode 0x${mode.toString(16)} is compressed; compress 1-bit data first`,
      );
  }
}

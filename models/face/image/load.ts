/**
 * Decodes a portrait (path or bytes: JPEG, PNG, WebP, TIFF...) into an RgbImage with sharp, EXIF
 * orientation applied, and records what the file was (format, colour space, channels, bit depth)
 * for the image_size / colour_space criteria. Unreadable input throws PortraitInputError.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { PortraitInputError } from '../errors';
import { createRgbImage, type RgbImage } from './rgb-image';

export interface SourceInfo {
  /** Container format as sharp names it (jpeg, png, webp, tiff, raw...). */
  readonly format: string;
  /** Colour space of the file (srgb, b-w, cmyk, rgb16...). */
  readonly space: string;
  /** Channels in the file (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA/CMYK). */
  readonly channels: number;
  /** Bits per sample (8 or 16). */
  readonly bitsPerSample: number;
  readonly hasAlpha: boolean;
  /** Decoded size, orientation applied. */
  readonly width: number;
  readonly height: number;
  /** Encoded size in bytes (0 for raw frames). */
  readonly bytes: number;
}

export interface LoadedPortrait {
  readonly image: RgbImage;
  readonly info: SourceInfo;
}

const DEPTH_BITS: Record<string, number> = {
  uchar: 8,
  char: 8,
  ushort: 16,
  short: 16,
  uint: 32,
  int: 32,
  float: 32,
};

export async function loadPortrait(input: Uint8Array | string): Promise<LoadedPortrait> {
  let bytes: Uint8Array;
  const source = typeof input === 'string' ? input : undefined;
  if (typeof input === 'string') {
    try {
      bytes = await readFile(input);
    } catch (cause) {
      throw new PortraitInputError(`cannot read ${input}: ${(cause as Error).message}`, source);
    }
  } else {
    bytes = input;
  }
  if (bytes.length === 0) throw new PortraitInputError('empty image data', source);
  try {
    const pipeline = sharp(bytes, { failOn: 'error' });
    const meta = await pipeline.metadata();
    const { data, info } = await pipeline
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const rgb =
      info.channels === 3
        ? new Uint8Array(data.buffer, data.byteOffset, data.length)
        : toRgb(data, info.channels);
    const image = createRgbImage(info.width, info.height, rgb);
    return {
      image,
      info: {
        format: meta.format ?? 'unknown',
        space: meta.space ?? 'unknown',
        channels: meta.channels ?? 0,
        bitsPerSample: DEPTH_BITS[meta.depth ?? 'uchar'] ?? 8,
        hasAlpha: meta.hasAlpha ?? false,
        width: info.width,
        height: info.height,
        bytes: bytes.length,
      },
    };
  } catch (cause) {
    if (cause instanceof PortraitInputError) throw cause;
    throw new PortraitInputError(
      `unreadable image${source ? ` ${source}` : ''}: ${(cause as Error).message}`,
      source,
    );
  }
}

/** Wraps an already decoded RGB frame (e.g. a camera frame) with a neutral SourceInfo. */
export function fromRgbFrame(image: RgbImage): LoadedPortrait {
  return {
    image,
    info: {
      format: 'raw',
      space: 'srgb',
      channels: 3,
      bitsPerSample: 8,
      hasAlpha: false,
      width: image.width,
      height: image.height,
      bytes: 0,
    },
  };
}

function toRgb(data: Uint8Array, channels: number): Uint8Array {
  const n = data.length / channels;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const g = data[i * channels]!;
    out[i * 3] = g;
    out[i * 3 + 1] = channels >= 3 ? data[i * channels + 1]! : g;
    out[i * 3 + 2] = channels >= 3 ? data[i * channels + 2]! : g;
  }
  return out;
}

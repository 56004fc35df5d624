/**
 * Loads a fingerprint image from a file path or bytes into a 500 ppi GreyImage:
 * registered decoders first (WSQ, ISO 19794-4 once wired), otherwise sharp
 * (PNG, TIFF, BMP, JPEG...). Resolution comes from the file metadata when present and
 * plausible for a fingerprint capture (250-4000 ppi), else defaults to 500 ppi.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { decodeBmp, isBmp } from './bmp';
import { findDecoder } from './decoders';
import {
  assertValidImage,
  type GreyImage,
  ImageDecodeError,
  MAX_TRUSTED_PPI,
  MIN_TRUSTED_PPI,
  STANDARD_PPI,
} from './grey-image';
import { resampleToPpi } from './resample';

export interface LoadOptions {
  /** Resolution to assume when the file does not record one (default 500). */
  defaultPpi?: number;
  /** Override the file's resolution (e.g. a scanner known to mislabel its output). */
  ppi?: number;
  /** Skip the resampling to 500 ppi (default false). */
  keepNativeResolution?: boolean;
}

export { ImageDecodeError };

async function decodeWithSharp(bytes: Uint8Array, defaultPpi: number): Promise<GreyImage> {
  try {
    const input = sharp(bytes, { failOn: 'error' });
    const meta = await input.metadata();
    const { data, info } = await input.greyscale().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) {
      throw new ImageDecodeError(`expected one channel after greyscale conversion, got ${info.channels}`);
    }
    // sharp reports density in pixels per inch whatever the file's unit. Encoders write
    // 72 or 96 dpi by default, which no fingerprint scanner produces: only densities in
    // the plausible capture range are trusted.
    const d = meta.density;
    const ppi = d !== undefined && d >= MIN_TRUSTED_PPI && d <= MAX_TRUSTED_PPI ? d : defaultPpi;
    return {
      width: info.width,
      height: info.height,
      ppi,
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (err) {
    if (err instanceof ImageDecodeError) throw err;
    throw new ImageDecodeError(`cannot decode image: ${(err as Error).message}`);
  }
}

/** Decodes an image file (path) or encoded bytes and normalises it to 500 ppi. */
export async function loadFingerprintImage(
  pathOrBytes: string | Uint8Array,
  options: LoadOptions = {},
): Promise<GreyImage> {
  const bytes = typeof pathOrBytes === 'string' ? new Uint8Array(await readFile(pathOrBytes)) : pathOrBytes;
  const defaultPpi = options.defaultPpi ?? STANDARD_PPI;
  const decoder = findDecoder(bytes);
  let image = decoder
    ? await decoder.decode(bytes)
    : isBmp(bytes)
      ? decodeBmp(bytes, defaultPpi) // sharp's prebuilt libvips has no BMP loader
      : await decodeWithSharp(bytes, defaultPpi);
  if (options.ppi !== undefined) image = { ...image, ppi: options.ppi };
  assertValidImage(image);
  return options.keepNativeResolution ? image : resampleToPpi(image, STANDARD_PPI);
}

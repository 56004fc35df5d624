/**
 * Decodes a flatbed scan (PNG, JPEG, TIFF... at any dpi) into RGB with its stated density, within
 * a pixel budget checked from the header before anything is decoded: a 20,000 x 20,000 page (or
 * a decompression bomb) is refused without its 1.2 GB of pixels ever being allocated. A truncated
 * or corrupt file is refused too (sharp's failOn 'error').
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { createRgbImage, type RgbImage } from '../face/image/rgb-image';
import { ScanInputError } from './errors';

/** Largest page analysed: A4 at 600 dpi is 35 Mpx, US legal 43 Mpx. */
export const MAX_SCAN_PIXELS = 50_000_000;

export interface LoadedScan {
  readonly image: RgbImage;
  /** Pixels per inch stated by the file (JFIF, PNG pHYs, TIFF), when it states one. */
  readonly statedDpi: number | undefined;
  readonly format: string;
}

export async function loadScan(input: string | Uint8Array): Promise<LoadedScan> {
  const source = typeof input === 'string' ? input : undefined;
  let bytes: Uint8Array;
  try {
    bytes = typeof input === 'string' ? await readFile(input) : input;
  } catch (cause) {
    throw new ScanInputError('unreadable', `cannot read ${input}: ${(cause as Error).message}`, source);
  }
  if (bytes.length === 0) throw new ScanInputError('unreadable', 'empty scan file', source);
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new ScanInputError('unreadable', `unreadable scan: ${(cause as Error).message}`, source);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > MAX_SCAN_PIXELS)
    throw new ScanInputError(
      'too_large',
      `scan of ${width}x${height} px (${Math.round((width * height) / 1e6)} Mpx) over the ${MAX_SCAN_PIXELS / 1e6} Mpx limit`,
      source,
    );
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_SCAN_PIXELS })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels`);
    const density = meta.density && meta.density > 1 ? meta.density : undefined;
    return {
      image: createRgbImage(
        info.width,
        info.height,
        new Uint8Array(data.buffer, data.byteOffset, data.length),
      ),
      statedDpi: density,
      format: meta.format ?? 'unknown',
    };
  } catch (cause) {
    throw new ScanInputError('unreadable', `unreadable scan: ${(cause as Error).message}`, source);
  }
}

/**
 * The greyscale fingerprint image type shared by every stage of the pipeline
 * (8-bit, one byte per pixel, row-major, with its scanning resolution), plus
 * small constructors and validation.
 */

/** Resolution every extraction stage is tuned for (ISO/IEC 19794-4 "500 ppi" class). */
export const STANDARD_PPI = 500;

/** Recorded densities outside this range are treated as unset (encoder defaults such as 72 dpi). */
export const MIN_TRUSTED_PPI = 250;
export const MAX_TRUSTED_PPI = 4000;

/** An 8-bit greyscale image, row-major; dark = ridge, as produced by optical and ink captures. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  /** Scanning resolution in pixels per inch. */
  readonly ppi: number;
  readonly pixels: Uint8Array;
}

/** Thrown when an image object is structurally inconsistent. */
export class InvalidImageError extends Error {
  override readonly name = 'InvalidImageError';
}

/** Builds a GreyImage after checking dimensions and buffer size. */
export function createGreyImage(
  width: number,
  height: number,
  pixels: Uint8Array,
  ppi = STANDARD_PPI,
): GreyImage {
  assertValidImage({ width, height, pixels, ppi });
  return { width, height, ppi, pixels };
}

/** Throws InvalidImageError unless the image is non-empty and its buffer matches width x height. */
export function assertValidImage(image: GreyImage): void {
  const { width, height, ppi, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new InvalidImageError(`invalid image size ${width}x${height}`);
  }
  if (!(ppi > 0) || !Number.isFinite(ppi)) {
    throw new InvalidImageError(`invalid resolution ${ppi} ppi`);
  }
  if (pixels.length !== width * height) {
    throw new InvalidImageError(`pixel buffer has ${pixels.length} bytes, expected ${width * height}`);
  }
}

/** Thrown when encoded bytes cannot be decoded as an image. */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
}

/**
 * The in-memory picture every portrait measure works on: 8-bit interleaved RGB, row-major, plus
 * small pixel helpers (luma, bilinear sampling, region clipping). Hand-written: the quality measures are
 * product core and must be reproducible without an image library.
 */

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, R G B. */
  readonly data: Uint8Array;
}

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function createRgbImage(width: number, height: number, data?: Uint8Array): RgbImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`invalid image size ${width}x${height}`);
  }
  const bytes = data ?? new Uint8Array(width * height * 3);
  if (bytes.length !== width * height * 3) {
    throw new RangeError(
      `RGB image ${width}x${height} needs ${width * height * 3} bytes, got ${bytes.length}`,
    );
  }
  return { width, height, data: bytes };
}

/** Rec. 601 luma of every pixel, as a Float32Array (0..255). */
export function lumaPlane(image: RgbImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const d = image.data;
  for (let i = 0, j = 0; i < n; i++, j += 3)
    out[i] = 0.299 * (d[j] as number) + 0.587 * (d[j + 1] as number) + 0.114 * (d[j + 2] as number);
  return out;
}

/** Intersection of a rectangle with the image, in whole pixels (may be empty). */
export function clipRect(image: { width: number; height: number }, r: Rect): Rect {
  const left = Math.max(0, Math.floor(r.left));
  const top = Math.max(0, Math.floor(r.top));
  const right = Math.min(image.width, Math.ceil(r.left + r.width));
  const bottom = Math.min(image.height, Math.ceil(r.top + r.height));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * Adds the bilinear sample of the three channels of `image` at (x, y), clamped at the borders and in
 * pixel-index coordinates, to `acc[0..2]`. The warps (landmark crops, token portrait) call it per
 * output pixel, so it allocates nothing.
 */
export function addSampleRgb(image: RgbImage, x: number, y: number, acc: Float64Array): void {
  const { width: w, height: h, data } = image;
  const cx = Math.min(w - 1, Math.max(0, x));
  const cy = Math.min(h - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const a = (y0 * w + x0) * 3;
  const b = (y0 * w + x1) * 3;
  const c = (y1 * w + x0) * 3;
  const d = (y1 * w + x1) * 3;
  for (let k = 0; k < 3; k++)
    acc[k]! +=
      (data[a + k]! * (1 - fx) + data[b + k]! * fx) * (1 - fy) +
      (data[c + k]! * (1 - fx) + data[d + k]! * fx) * fy;
}

/**
 * The in-memory picture every portrait measure works on: 8-bit interleaved RGB, row-major, plus
 * small pixel helpers (luma, sampling, region clipping). Hand-written: the quality measures are
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
 * The four neighbours (pixel indices) and weights of a bilinear sample at (x, y), clamped at the
 * borders. One mutable record, refilled by each call: the samplers run per output pixel and must
 * not allocate.
 */
const tap = { a: 0, b: 0, c: 0, d: 0, fx: 0, fy: 0 };
function locate(width: number, height: number, x: number, y: number): typeof tap {
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  tap.fx = cx - x0;
  tap.fy = cy - y0;
  tap.a = y0 * width + x0;
  tap.b = y0 * width + x1;
  tap.c = y1 * width + x0;
  tap.d = y1 * width + x1;
  return tap;
}

/**
 * Bilinear sample of a plane (clamped at the borders); `channels`/`channel` read one channel of
 * interleaved data (e.g. 3 and 0 for the red of an RgbImage).
 */
export function samplePlane(
  plane: ArrayLike<number>,
  width: number,
  height: number,
  x: number,
  y: number,
  channels = 1,
  channel = 0,
): number {
  const { a, b, c, d, fx, fy } = locate(width, height, x, y);
  const pa = plane[a * channels + channel]!;
  const pb = plane[b * channels + channel]!;
  const pc = plane[c * channels + channel]!;
  const pd = plane[d * channels + channel]!;
  return (pa * (1 - fx) + pb * fx) * (1 - fy) + (pc * (1 - fx) + pd * fx) * fy;
}

/**
 * Adds the bilinear sample of the three channels of `image` at (x, y), clamped at the borders and in
 * pixel-index coordinates, to `acc[0..2]`. The warps (crops, token) call it per output pixel, so it
 * allocates nothing.
 */
export function addSampleRgb(image: RgbImage, x: number, y: number, acc: Float64Array): void {
  const { data } = image;
  const t = locate(image.width, image.height, x, y);
  const { fx, fy } = t;
  const a = t.a * 3;
  const b = t.b * 3;
  const c = t.c * 3;
  const d = t.d * 3;
  for (let k = 0; k < 3; k++)
    acc[k]! +=
      (data[a + k]! * (1 - fx) + data[b + k]! * fx) * (1 - fy) +
      (data[c + k]! * (1 - fx) + data[d + k]! * fx) * fy;
}

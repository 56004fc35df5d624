/**
 * Local contrast normalisation: subtracts the local mean and divides by the local
 * standard deviation, and inverts polarity so that ridges (dark in the capture) are
 * positive. Removes uneven pressure/illumination before orientation and filtering.
 */
import { boxBlur, toFloat } from '../image/float-ops';
import type { GreyImage } from '../image/grey-image';

/** Floor on the local standard deviation (grey levels) so flat background is not amplified. */
const MIN_STD = 6;
const CLAMP = 3;

export function normalizeLocal(image: GreyImage, radius = 12): Float32Array {
  const { width: w, height: h } = image;
  const src = toFloat(image.pixels);
  const sq = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) sq[i] = src[i]! * src[i]!;
  const mean = boxBlur(src, w, h, radius);
  const meanSq = boxBlur(sq, w, h, radius);
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const m = mean[i]!;
    const sd = Math.sqrt(Math.max(0, meanSq[i]! - m * m));
    const v = (m - src[i]!) / Math.max(sd, MIN_STD);
    out[i] = Math.min(CLAMP, Math.max(-CLAMP, v));
  }
  return out;
}

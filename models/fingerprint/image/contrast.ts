/**
 * Global contrast stretch: maps the image's 1st..99th grey-level percentiles onto 0..255.
 * Sensors differ widely in dynamic range (a dry finger on an optical sensor may span 50 grey
 * levels, a capacitive sensor saturates), and the extractor's absolute floors (segmentation
 * variance, normalisation) are in grey levels: stretching first makes them mean the same
 * thing on every sensor. Images already using the full range are returned unchanged.
 */
import type { GreyImage } from './grey-image';

const LOW_PERCENTILE = 0.01;
const HIGH_PERCENTILE = 0.99;
/** Below this span (grey levels) the image is flat: left alone rather than amplifying noise. */
const MIN_SPAN = 8;
/** From this span on the image already uses (nearly) the full range. */
const FULL_SPAN = 240;

export function stretchContrast(image: GreyImage): GreyImage {
  const { pixels } = image;
  const hist = new Uint32Array(256);
  for (let i = 0; i < pixels.length; i++) hist[pixels[i]!]!++;
  const level = (p: number) => {
    const target = p * pixels.length;
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc > target) return v;
    }
    return 255;
  };
  const lo = level(LOW_PERCENTILE);
  const hi = level(HIGH_PERCENTILE);
  const span = hi - lo;
  if (span < MIN_SPAN || span >= FULL_SPAN) return image;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / span)));
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]!]!;
  return { ...image, pixels: out };
}

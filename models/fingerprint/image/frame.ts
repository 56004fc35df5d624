/**
 * Sensor-edge clean-up: overwrites the outer frame of an image (a few pixels) with the
 * nearest interior pixels. Some optical sensors leave a dark or bright line along an
 * edge (FVC2002 DB1 images have a dark last column) that would otherwise be segmented
 * as ridge structure.
 */
import type { GreyImage } from './grey-image';

export function replicateFrame(image: GreyImage, frame = 2): GreyImage {
  const { width: w, height: h } = image;
  if (w <= 2 * frame || h <= 2 * frame) return image;
  const px = image.pixels.slice();
  for (let y = 0; y < h; y++) {
    const yy = Math.min(h - 1 - frame, Math.max(frame, y));
    for (let x = 0; x < w; x++) {
      if (x >= frame && x < w - frame && y >= frame && y < h - frame) continue;
      const xx = Math.min(w - 1 - frame, Math.max(frame, x));
      px[y * w + x] = px[yy * w + xx]!;
    }
  }
  return { ...image, pixels: px };
}

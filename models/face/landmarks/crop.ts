/**
 * Rotated square crops of the picture into model inputs (NHWC float32, RGB in 0..1 or grey), and
 * the mapping of model-space points back to picture pixels. A crop is a centre, a side and an
 * angle: the face is brought upright (eye line horizontal) before the landmark models see it.
 */
import type { Point } from '../detector/types';
import { type RgbImage, samplePlane } from '../image/rgb-image';

export interface CropFrame {
  readonly centre: Point;
  /** Side of the square, picture pixels. */
  readonly side: number;
  /** Angle of the crop's x axis in the picture, radians (the face's roll). */
  readonly angle: number;
  /** Mirror the crop horizontally (the iris model is fed both eyes as the same side). */
  readonly mirrored?: boolean;
}

/** Picture pixel of a point given in model pixels (0..size) of a crop. */
export function fromCrop(frame: CropFrame, size: number, p: Point): Point {
  const s = frame.side / size;
  const lx = (frame.mirrored ? size - p.x : p.x) * s - frame.side / 2;
  const ly = p.y * s - frame.side / 2;
  const c = Math.cos(frame.angle);
  const n = Math.sin(frame.angle);
  return { x: frame.centre.x + lx * c - ly * n, y: frame.centre.y + lx * n + ly * c };
}

function bilinear(img: RgbImage, x: number, y: number, ch: number): number {
  return samplePlane(img.data, img.width, img.height, x, y, 3, ch);
}

/**
 * Samples a crop into a size x size tensor. Each output pixel averages a 2x2 grid of bilinear
 * samples when the crop shrinks the picture by more than 2, so that fine texture does not alias.
 */
export function cropTensor(img: RgbImage, frame: CropFrame, size: number, grey = false): Float32Array {
  const channels = grey ? 1 : 3;
  const out = new Float32Array(size * size * channels);
  const step = frame.side / size;
  const taps = step > 2 ? [-0.25, 0.25] : [0];
  const weight = 1 / (taps.length * taps.length * 255);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const ty of taps)
        for (const tx of taps) {
          const p = fromCrop(frame, size, { x: i + 0.5 + tx, y: j + 0.5 + ty });
          r += bilinear(img, p.x - 0.5, p.y - 0.5, 0);
          g += bilinear(img, p.x - 0.5, p.y - 0.5, 1);
          b += bilinear(img, p.x - 0.5, p.y - 0.5, 2);
        }
      const o = (j * size + i) * channels;
      if (grey) out[o] = (0.2989 * r + 0.587 * g + 0.114 * b) * weight;
      else {
        out[o] = r * weight;
        out[o + 1] = g * weight;
        out[o + 2] = b * weight;
      }
    }
  }
  return out;
}

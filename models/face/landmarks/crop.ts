/**
 * Rotated square crops of the picture into model inputs (NHWC float32, RGB in 0..1 or grey), and
 * the mapping of model-space points back to picture pixels. A crop is a centre, a side and an
 * angle: the face is brought upright (eye line horizontal) before the landmark models see it.
 */
import type { Point } from '../detector/types';
import { addSampleRgb, type RgbImage } from '../image/rgb-image';

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

/**
 * Samples a crop into a size x size tensor. Each output pixel averages a 2x2 grid of bilinear
 * samples when the crop shrinks the picture by more than 2, so that fine texture does not alias.
 * The affine map is stepped incrementally (no allocation per pixel: this runs on every frame).
 */
export function cropTensor(img: RgbImage, frame: CropFrame, size: number, grey = false): Float32Array {
  const channels = grey ? 1 : 3;
  const out = new Float32Array(size * size * channels);
  const s = frame.side / size;
  const cos = Math.cos(frame.angle) * s;
  const sin = Math.sin(frame.angle) * s;
  const mirror = frame.mirrored ? -1 : 1;
  // picture position (pixel-centre convention) of crop point (i, j): origin + i*dx + j*dy
  const dx = { x: mirror * cos, y: mirror * sin };
  const dy = { x: -sin, y: cos };
  const half = size / 2;
  const ox = frame.centre.x - (frame.mirrored ? -half : half) * cos + half * sin - 0.5;
  const oy = frame.centre.y - (frame.mirrored ? -half : half) * sin - half * cos - 0.5;
  const taps = s > 2 ? [-0.25, 0.25] : [0];
  const weight = 1 / (taps.length * taps.length * 255);
  const px = new Float64Array(3);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      px[0] = 0;
      px[1] = 0;
      px[2] = 0;
      for (const ty of taps)
        for (const tx of taps) {
          const u = i + 0.5 + tx;
          const v = j + 0.5 + ty;
          addSampleRgb(img, ox + u * dx.x + v * dy.x, oy + u * dx.y + v * dy.y, px);
        }
      const o = (j * size + i) * channels;
      if (grey) out[o] = (0.2989 * px[0]! + 0.587 * px[1]! + 0.114 * px[2]!) * weight;
      else {
        out[o] = px[0]! * weight;
        out[o + 1] = px[1]! * weight;
        out[o + 2] = px[2]! * weight;
      }
    }
  }
  return out;
}

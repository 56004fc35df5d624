/**
 * Ridge orientation field by the gradient structure tensor: Sobel gradients, tensor
 * averaging over a ~16 px neighbourhood (coherence from its eigenvalues), then a wider
 * smoothing (at half resolution) of the doubled-angle vector field weighted by
 * coherence so that noisy or scarred regions inherit the flow of their surroundings.
 */
import { smooth, sobel } from '../image/float-ops';

export interface OrientationField {
  /** Ridge direction (along the ridges) per pixel, radians in [0, π). */
  readonly theta: Float32Array;
  /** Local coherence per pixel in [0, 1] (1 = perfectly parallel ridges). */
  readonly coherence: Float32Array;
}

export interface OrientationOptions {
  /** Box radius of the tensor averaging (two passes). */
  tensorRadius?: number;
  /** Box radius of the doubled-angle vector smoothing (two passes). */
  fieldRadius?: number;
}

export function computeOrientation(
  norm: Float32Array,
  w: number,
  h: number,
  options: OrientationOptions = {},
): OrientationField {
  const tensorRadius = options.tensorRadius ?? 5;
  const fieldRadius = options.fieldRadius ?? 8;
  const { gx, gy } = sobel(norm, w, h);
  const n = w * h;
  const gxx = new Float32Array(n);
  const gyy = new Float32Array(n);
  const gxy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = gx[i]!;
    const y = gy[i]!;
    gxx[i] = x * x;
    gyy[i] = y * y;
    gxy[i] = x * y;
  }
  const sxx = smooth(gxx, w, h, tensorRadius);
  const syy = smooth(gyy, w, h, tensorRadius);
  const sxy = smooth(gxy, w, h, tensorRadius);
  const coherence = new Float32Array(n);
  const vx = new Float32Array(n);
  const vy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = sxx[i]! - syy[i]!;
    const b = 2 * sxy[i]!;
    const e = sxx[i]! + syy[i]!;
    const mag = Math.sqrt(a * a + b * b);
    coherence[i] = e > 1e-6 ? mag / e : 0;
    // Doubled gradient angle; weighting by the magnitude equals coherence x energy.
    vx[i] = a;
    vy[i] = b;
  }
  // The wide field smoothing runs at half resolution (it is a low-pass anyway), then the
  // direction is read back at every pixel from the nearest half-resolution sample.
  const hw = Math.ceil(w / 2);
  const hh = Math.ceil(h / 2);
  const sx = new Float32Array(hw * hh);
  const sy = new Float32Array(hw * hh);
  for (let y = 0; y < h; y++) {
    const row = (y >> 1) * hw;
    for (let x = 0; x < w; x++) {
      sx[row + (x >> 1)] = sx[row + (x >> 1)]! + vx[y * w + x]!;
      sy[row + (x >> 1)] = sy[row + (x >> 1)]! + vy[y * w + x]!;
    }
  }
  const fx = smooth(sx, hw, hh, Math.max(1, Math.round(fieldRadius / 2)));
  const fy = smooth(sy, hw, hh, Math.max(1, Math.round(fieldRadius / 2)));
  const theta = new Float32Array(n);
  for (let y = 0; y < h; y++) {
    // Bilinear read-back of the half-resolution field (sample centres at 2k + 0.5).
    const fyc = Math.min(hh - 1, Math.max(0, (y - 0.5) / 2));
    const y0 = Math.min(hh - 2, Math.floor(fyc));
    const ty = hh > 1 ? fyc - Math.max(0, y0) : 0;
    const r0 = Math.max(0, y0) * hw;
    const r1 = Math.min(hh - 1, Math.max(0, y0) + 1) * hw;
    for (let x = 0; x < w; x++) {
      const fxc = Math.min(hw - 1, Math.max(0, (x - 0.5) / 2));
      const x0 = Math.max(0, Math.min(hw - 2, Math.floor(fxc)));
      const x1 = Math.min(hw - 1, x0 + 1);
      const tx = fxc - x0;
      const ax =
        (fx[r0 + x0]! * (1 - tx) + fx[r0 + x1]! * tx) * (1 - ty) +
        (fx[r1 + x0]! * (1 - tx) + fx[r1 + x1]! * tx) * ty;
      const ay =
        (fy[r0 + x0]! * (1 - tx) + fy[r0 + x1]! * tx) * (1 - ty) +
        (fy[r1 + x0]! * (1 - tx) + fy[r1 + x1]! * tx) * ty;
      // Gradient direction is 0.5*atan2; ridges run perpendicular to it.
      let t = 0.5 * Math.atan2(ay, ax) + Math.PI / 2;
      if (t >= Math.PI) t -= Math.PI;
      if (t < 0) t += Math.PI;
      theta[y * w + x] = t;
    }
  }
  return { theta, coherence };
}

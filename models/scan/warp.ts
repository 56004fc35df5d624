/**
 * Resampling of a scan into an upright photo: the photo's rectangle (from locate.ts) is read along
 * its own axes (bilinear), so the deskewed photo comes out at the scan's own resolution with a
 * margin of what lies around it on the glass; `turn` gives the photo's quarter turns when it lay
 * sideways or upside down. Pure functions.
 */
import type { Point } from '../face/detector/types';
import { createRgbImage, type Rect, type RgbImage } from '../face/image/rgb-image';
import type { PhotoRect } from './locate';

export interface UprightPhoto {
  readonly image: RgbImage;
  /** Where the photo itself is in `image` (the rest is the margin). */
  readonly content: Rect;
}

/** The photo's axes after `turns` quarter turns clockwise (0: as found; its height is along v). */
export function turned(rect: PhotoRect, turns: number): PhotoRect {
  let { u, v, width, height } = rect;
  for (let i = 0; i < ((turns % 4) + 4) % 4; i++) {
    [u, v] = [v, { x: -u.x, y: -u.y }];
    [width, height] = [height, width];
  }
  return { ...rect, u, v, width, height };
}

export function uprightPhoto(scan: RgbImage, rect: PhotoRect, marginRatio = 0.1): UprightPhoto {
  const m = Math.round(marginRatio * Math.max(rect.width, rect.height));
  const w = Math.max(1, Math.round(rect.width)) + 2 * m;
  const h = Math.max(1, Math.round(rect.height)) + 2 * m;
  const out = new Uint8Array(w * h * 3);
  const origin: Point = {
    x: rect.centre.x - rect.u.x * (w / 2) - rect.v.x * (h / 2),
    y: rect.centre.y - rect.u.y * (w / 2) - rect.v.y * (h / 2),
  };
  const d = scan.data;
  const sw = scan.width;
  const sh = scan.height;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(sw - 1, Math.max(0, origin.x + rect.u.x * (x + 0.5) + rect.v.x * (y + 0.5)));
      const sy = Math.min(sh - 1, Math.max(0, origin.y + rect.u.y * (x + 0.5) + rect.v.y * (y + 0.5)));
      const x0 = Math.min(sw - 2, Math.floor(sx));
      const y0 = Math.min(sh - 2, Math.floor(sy));
      const fx = sx - x0;
      const fy = sy - y0;
      const a = (y0 * sw + x0) * 3;
      const c = a + sw * 3;
      const o = (y * w + x) * 3;
      for (let k = 0; k < 3; k++) {
        const top = d[a + k]! + (d[a + 3 + k]! - d[a + k]!) * fx;
        const bottom = d[c + k]! + (d[c + 3 + k]! - d[c + k]!) * fx;
        out[o + k] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return {
    image: createRgbImage(w, h, out),
    content: { left: m, top: m, width: w - 2 * m, height: h - 2 * m },
  };
}

/** Rotates an RGB picture by 180 degrees. */
export function halfTurn(image: RgbImage): RgbImage {
  const n = image.width * image.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const j = (n - 1 - i) * 3;
    out[i * 3] = image.data[j]!;
    out[i * 3 + 1] = image.data[j + 1]!;
    out[i * 3 + 2] = image.data[j + 2]!;
  }
  return createRgbImage(image.width, image.height, out);
}

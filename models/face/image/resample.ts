/**
 * Area-average downsampling of a luma plane (or a rectangle of it): each output pixel is the mean of
 * the input pixels its footprint covers (fractional coverage weighted). Never upsamples: a scale
 * >= 1 returns the rectangle at native resolution. Used to measure at a fixed face scale.
 */
import { clipRect, type Rect } from './rgb-image';

export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function resampleArea(src: Plane, rect: Rect, scale: number): Plane {
  const r = clipRect(src, rect);
  if (r.width === 0 || r.height === 0) return { width: 0, height: 0, data: new Float32Array(0) };
  if (scale >= 1) {
    const data = new Float32Array(r.width * r.height);
    for (let y = 0; y < r.height; y++) {
      data.set(
        src.data.subarray((r.top + y) * src.width + r.left, (r.top + y) * src.width + r.left + r.width),
        y * r.width,
      );
    }
    return { width: r.width, height: r.height, data };
  }
  const ow = Math.max(1, Math.floor(r.width * scale));
  const oh = Math.max(1, Math.floor(r.height * scale));
  const cols = footprints(r.width, ow);
  const rows = footprints(r.height, oh);
  // horizontal pass then vertical pass, with precomputed fractional edge weights
  const tmp = new Float32Array(ow * r.height);
  for (let y = 0; y < r.height; y++) {
    const row = (r.top + y) * src.width + r.left;
    for (let ox = 0; ox < ow; ox++) {
      const f = cols[ox]!;
      let s = 0;
      for (let k = 0; k < f.index.length; k++) s += src.data[row + f.index[k]!]! * f.weight[k]!;
      tmp[y * ow + ox] = s;
    }
  }
  const data = new Float32Array(ow * oh);
  for (let oy = 0; oy < oh; oy++) {
    const f = rows[oy]!;
    for (let ox = 0; ox < ow; ox++) {
      let s = 0;
      for (let k = 0; k < f.index.length; k++) s += tmp[f.index[k]! * ow + ox]! * f.weight[k]!;
      data[oy * ow + ox] = s;
    }
  }
  return { width: ow, height: oh, data };
}

interface Footprint {
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/** For each output sample, the input samples it covers and their normalised weights. */
function footprints(inSize: number, outSize: number): Footprint[] {
  const f = inSize / outSize;
  const out: Footprint[] = [];
  for (let o = 0; o < outSize; o++) {
    const x0 = o * f;
    const x1 = x0 + f;
    const first = Math.floor(x0);
    const last = Math.min(inSize, Math.ceil(x1));
    const index = new Int32Array(last - first);
    const weight = new Float32Array(last - first);
    for (let x = first; x < last; x++) {
      index[x - first] = Math.min(inSize - 1, x);
      weight[x - first] = (Math.min(x + 1, x1) - Math.max(x, x0)) / f;
    }
    out.push({ index, weight });
  }
  return out;
}

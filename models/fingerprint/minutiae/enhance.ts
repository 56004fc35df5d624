/**
 * Contextual enhancement by an oriented Gabor filter bank (Hong, Wan & Jain 1998):
 * each foreground pixel is filtered with the even-symmetric Gabor kernel tuned to the
 * local ridge orientation (16 steps over π) and ridge period (1 px steps). Kernels are
 * zero-mean and normalised to unit gain on a matched sinusoid. For speed, taps are
 * stored sparsely (negligible weights dropped) and in point-symmetric pairs, so each
 * pair costs one multiplication. (A separable along/across version was measured ~0.7
 * point worse in EER on FVC2002 DB1 B because of interpolation blur.)
 */
import { type PeriodMap, periodAt } from './frequency';

export const GABOR_ORIENTATIONS = 16;
export const GABOR_RADIUS = 8;

interface Kernel {
  /** Centre weight. */
  centre: number;
  /** (dx, dy) of one tap of each symmetric pair; the other tap is (-dx, -dy). */
  dx: Int32Array;
  dy: Int32Array;
  weights: Float32Array;
}

/** Taps whose weight is below this fraction of the largest are dropped. */
const MIN_RELATIVE_WEIGHT = 0.01;

const kernelCache = new Map<number, Kernel>();

function buildKernel(orientationIndex: number, period: number): Kernel {
  const r = GABOR_RADIUS;
  const size = 2 * r + 1;
  const theta = (orientationIndex * Math.PI) / GABOR_ORIENTATIONS;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const sigmaAlong = 4.5;
  const sigmaAcross = Math.max(3, 0.42 * period);
  const env = new Float32Array(size * size);
  const raw = new Float32Array(size * size);
  let sumEnv = 0;
  let sumRaw = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const along = dx * c + dy * s;
      const across = -dx * s + dy * c;
      const e = Math.exp(
        -0.5 *
          ((along * along) / (sigmaAlong * sigmaAlong) + (across * across) / (sigmaAcross * sigmaAcross)),
      );
      const i = (dy + r) * size + (dx + r);
      env[i] = e;
      raw[i] = e * Math.cos((2 * Math.PI * across) / period);
      sumEnv += e;
      sumRaw += raw[i]!;
    }
  }
  const dc = sumRaw / sumEnv;
  const weights = new Float32Array(size * size);
  let gain = 0;
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const i = (dy + r) * size + (dx + r);
      weights[i] = raw[i]! - dc * env[i]!;
      const across = -dx * s + dy * c;
      gain += weights[i]! * Math.cos((2 * Math.PI * across) / period);
    }
  }
  let max = 0;
  for (let i = 0; i < weights.length; i++) {
    weights[i] = weights[i]! / gain;
    max = Math.max(max, Math.abs(weights[i]!));
  }
  const dxs: number[] = [];
  const dys: number[] = [];
  const ws: number[] = [];
  // One tap per symmetric pair: the half-plane dy > 0, or dy = 0 and dx > 0.
  for (let dy = 0; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (dy === 0 && dx <= 0) continue;
      const v = weights[(dy + r) * size + (dx + r)]!;
      if (Math.abs(v) < MIN_RELATIVE_WEIGHT * max) continue;
      dxs.push(dx);
      dys.push(dy);
      ws.push(v);
    }
  }
  return {
    centre: weights[r * size + r]!,
    dx: Int32Array.from(dxs),
    dy: Int32Array.from(dys),
    weights: Float32Array.from(ws),
  };
}

function kernelFor(orientationIndex: number, period: number): Kernel {
  const key = orientationIndex * 1000 + period;
  let k = kernelCache.get(key);
  if (!k) {
    k = buildKernel(orientationIndex, period);
    kernelCache.set(key, k);
  }
  return k;
}

/**
 * Filters `norm` (ridges positive) and returns the enhanced image; background pixels
 * (mask 0) are set to -1 so that they binarise as valley.
 */
export function gaborEnhance(
  norm: Float32Array,
  w: number,
  h: number,
  theta: Float32Array,
  periods: PeriodMap,
  mask: Uint8Array,
): Float32Array {
  const r = GABOR_RADIUS;
  const pw = w + 2 * r;
  const padded = new Float32Array(pw * (h + 2 * r));
  for (let y = 0; y < h; y++) padded.set(norm.subarray(y * w, y * w + w), (y + r) * pw + r);
  const offsetCache = new Map<Kernel, Int32Array>();
  const offsetsOf = (k: Kernel) => {
    let o = offsetCache.get(k);
    if (!o) {
      o = new Int32Array(k.dx.length);
      for (let t = 0; t < o.length; t++) o[t] = k.dy[t]! * pw + k.dx[t]!;
      offsetCache.set(k, o);
    }
    return o;
  };
  const out = new Float32Array(w * h);
  const step = Math.PI / GABOR_ORIENTATIONS;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!mask[i]) {
        out[i] = -1;
        continue;
      }
      const oi = Math.round(theta[i]! / step) % GABOR_ORIENTATIONS;
      const kernel = kernelFor(oi, Math.round(periodAt(periods, x, y)));
      const offs = offsetsOf(kernel);
      const kw = kernel.weights;
      const n = offs.length;
      const base = (y + r) * pw + x + r;
      let acc = kernel.centre * padded[base]!;
      for (let k = 0; k < n; k++) {
        const o = offs[k]!;
        acc += kw[k]! * (padded[base + o]! + padded[base - o]!);
      }
      out[i] = acc;
    }
  }
  return out;
}

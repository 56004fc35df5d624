/**
 * Scalar quantization of the 60 WSQ subbands: the decoder's dequantization (bin widths and
 * zero-bin widths from the DQT table) and the encoder's side: subband variances, the NBIS
 * bit-allocation that turns a target bit rate into bin widths, and coefficient quantization.
 * Arithmetic follows the NBIS `float`/`double` mix so that results match the reference coder.
 */
import {
  MAX_SUBBANDS,
  NUM_SUBBANDS,
  START_SIZE_REGION_2,
  START_SIZE_REGION_3,
  START_SUBBAND_2,
  START_SUBBAND_3,
  VARIANCE_THRESH,
} from './constants';
import type { Subband } from './tree';

const fr = Math.fround;

/** Quantization table: bin center and, per subband, bin width (q) and zero-bin width (z). */
export interface QuantTable {
  binCenter: number;
  qBin: Float32Array;
  zBin: Float32Array;
}

/** Number of coefficients coded in the stream: the sizes of all subbands with a non-zero bin. */
export function codedCoefficientCount(qBin: Float32Array, qTree: readonly Subband[]): number {
  let n = 0;
  for (let i = 0; i < NUM_SUBBANDS; i++) {
    if (qBin[i] !== 0) n += qTree[i]!.lenx * qTree[i]!.leny;
  }
  return n;
}

/** Coefficient counts of the three WSQ blocks (subbands 0-18, 19-51, 52-59). */
export function blockSizes(qBin: Float32Array, qTree: readonly Subband[]): [number, number, number] {
  const sizes: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < NUM_SUBBANDS; i++) {
    if (qBin[i] === 0) continue;
    const block = i < START_SUBBAND_2 ? 0 : i < START_SUBBAND_3 ? 1 : 2;
    sizes[block] += qTree[i]!.lenx * qTree[i]!.leny;
  }
  return sizes;
}

/** NBIS `unquantize`: integer coefficients (subband after subband) to a float32 plane. */
export function unquantize(
  coeffs: Int16Array,
  table: QuantTable,
  qTree: readonly Subband[],
  width: number,
  height: number,
): Float32Array {
  const out = new Float32Array(width * height);
  const c = table.binCenter;
  let sp = 0;
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    const q = table.qBin[band]!;
    if (q === 0) continue;
    const halfZ = table.zBin[band]! / 2;
    const { x, y, lenx, leny } = qTree[band]!;
    for (let row = 0; row < leny; row++) {
      let fp = (y + row) * width + x;
      for (let col = 0; col < lenx; col++, fp++) {
        const s = coeffs[sp++]!;
        if (s > 0) out[fp] = fr(q * fr(s - c)) + halfZ;
        else if (s < 0) out[fp] = fr(q * fr(s + c)) - halfZ;
      }
    }
  }
  return out;
}

/** NBIS `variance`: per-subband variance of the decomposed plane (float32 accumulation). */
export function subbandVariances(data: Float32Array, qTree: readonly Subband[], width: number): Float32Array {
  const variance = new Float32Array(MAX_SUBBANDS);
  const central = (band: number, cropped: boolean): number => {
    const node = qTree[band]!;
    let x = node.x;
    let y = node.y;
    let lenx = node.lenx;
    let leny = node.leny;
    if (cropped) {
      x += Math.trunc(node.lenx / 8);
      y += Math.trunc((9 * node.leny) / 32);
      lenx = Math.trunc((3 * node.lenx) / 4);
      leny = Math.trunc((7 * node.leny) / 16);
    }
    let ssq = 0;
    let sum = 0;
    for (let row = 0; row < leny; row++) {
      let fp = (y + row) * width + x;
      for (let col = 0; col < lenx; col++, fp++) {
        const v = data[fp]!;
        sum = fr(sum + v);
        ssq = fr(ssq + fr(v * v));
      }
    }
    const n = lenx * leny;
    if (n < 2) return 0;
    const sum2 = fr(fr(sum * sum) / n);
    return fr(fr(ssq - sum2) / (n - 1.0));
  };

  let vsum = 0;
  for (let band = 0; band < 4; band++) {
    variance[band] = central(band, true);
    vsum = fr(vsum + variance[band]!);
  }
  if (vsum < 20000.0) {
    for (let band = 0; band < NUM_SUBBANDS; band++) variance[band] = central(band, false);
  } else {
    for (let band = 4; band < NUM_SUBBANDS; band++) variance[band] = central(band, true);
  }
  return variance;
}

/**
 * NBIS `quantize` bit allocation: bin widths (qbss) and zero-bin widths (qzbs) for the 60
 * subbands so that the coded rate approaches `bitrate` bits per pixel.
 */
export function binWidthsForBitrate(
  variance: Float32Array,
  bitrate: number,
): { qbss: Float32Array; qzbs: Float32Array } {
  const A = new Float32Array(NUM_SUBBANDS).fill(1);
  const tail = [1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08];
  for (let i = 0; i < tail.length; i++) A[START_SUBBAND_3 + i] = tail[i]!;

  const qbss = new Float32Array(MAX_SUBBANDS);
  const qzbs = new Float32Array(MAX_SUBBANDS);
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    const v = variance[band]!;
    if (v < VARIANCE_THRESH) qbss[band] = 0;
    else if (band < START_SIZE_REGION_2) qbss[band] = 1;
    else qbss[band] = 10.0 / fr(A[band]! * fr(Math.log(v)));
  }

  const m = new Float32Array(NUM_SUBBANDS);
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    m[band] = band < START_SIZE_REGION_2 ? 1 / 1024 : band < START_SIZE_REGION_3 ? 1 / 256 : 1 / 16;
  }

  const sigma = new Float32Array(NUM_SUBBANDS);
  const k0: number[] = [];
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    if (variance[band]! >= VARIANCE_THRESH) {
      k0.push(band);
      sigma[band] = Math.sqrt(variance[band]!);
    }
  }

  const r = fr(bitrate);
  let k = k0.slice();
  let q = 1;
  for (;;) {
    if (k.length === 0) {
      // NBIS divides by S = 0 here: q becomes infinite and every bin width zero.
      q = Number.POSITIVE_INFINITY;
      break;
    }
    let S = 0;
    for (const band of k) S = fr(S + m[band]!);
    let P = 1;
    for (const band of k) P = fr(P * fr(sigma[band]! / qbss[band]!) ** m[band]!);
    q = fr(2 ** (fr(r / S) - 1.0) / 2.5 / P ** (1.0 / S));
    const next = k.filter((band) => !(fr(qbss[band]! / q) >= 5.0 * sigma[band]!));
    if (next.length === k.length) break;
    k = next;
  }

  const inK0 = new Uint8Array(NUM_SUBBANDS);
  for (const band of k0) inK0[band] = 1;
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    if (inK0[band]) qbss[band] = qbss[band]! / q;
    else qbss[band] = 0;
    qzbs[band] = 1.2 * qbss[band]!;
  }
  return { qbss, qzbs };
}

/** NBIS quantization of the decomposed plane into integer coefficients, subband by subband. */
export function quantize(
  data: Float32Array,
  qbss: Float32Array,
  qzbs: Float32Array,
  qTree: readonly Subband[],
  width: number,
): Int16Array {
  const out = new Int16Array(codedCoefficientCount(qbss, qTree));
  let sp = 0;
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    const q = qbss[band]!;
    if (q === 0) continue;
    const zbin = fr(qzbs[band]! / 2.0);
    const { x, y, lenx, leny } = qTree[band]!;
    for (let row = 0; row < leny; row++) {
      let fp = (y + row) * width + x;
      for (let col = 0; col < lenx; col++, fp++) {
        const f = data[fp]!;
        let v: number;
        if (-zbin <= f && f <= zbin) v = 0;
        else if (f > 0) v = Math.trunc(fr(fr(f - zbin) / q) + 1.0);
        else v = Math.trunc(fr(fr(f + zbin) / q) - 1.0);
        out[sp++] = Math.min(Math.max(v, -32767), 32767);
      }
    }
  }
  return out;
}

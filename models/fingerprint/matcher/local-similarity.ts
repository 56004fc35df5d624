/**
 * Local similarity between two bit-based MCC cylinders (normalised Hamming-like
 * distance over the cells valid in both), and the full similarity matrix between two
 * cylinder sets.
 */
import { angleDiff } from '../minutiae/types';
import { CELLS, type Cylinder, type CylinderSet, WORDS } from './cylinders';

/** Maximum direction difference for two minutiae to be comparable. */
export const MAX_DIRECTION_DIFF = Math.PI / 2;
/** Minimum fraction of cells valid in both cylinders. */
export const MIN_MATCHABLE_CELLS = 0.6;

const POP16 = new Uint8Array(65536);
for (let i = 1; i < 65536; i++) POP16[i] = (i & 1) + POP16[i >>> 1]!;

function pop(v: number): number {
  return POP16[v & 0xffff]! + POP16[v >>> 16]!;
}

/** Similarity in [0, 1] (0 also when not comparable). */
export function cylinderSimilarity(a: Cylinder, b: Cylinder): number {
  if (Math.abs(angleDiff(a.angle, b.angle)) > MAX_DIRECTION_DIFF) return 0;
  let common = 0;
  let na = 0;
  let nb = 0;
  let nx = 0;
  const av = a.valid;
  const bv = b.valid;
  const ab = a.bits;
  const bb = b.bits;
  for (let w = 0; w < WORDS; w++) {
    const c = av[w]! & bv[w]!;
    if (c === 0) continue;
    common += pop(c);
    const x = ab[w]! & c;
    const y = bb[w]! & c;
    na += pop(x);
    nb += pop(y);
    nx += pop(x ^ y);
  }
  if (common < MIN_MATCHABLE_CELLS * CELLS) return 0;
  const denom = Math.sqrt(na) + Math.sqrt(nb);
  if (denom === 0) return 0;
  return 1 - Math.sqrt(nx) / denom;
}

/** Row-major matrix of cylinder similarities (rows = a's cylinders). */
export function similarityMatrix(a: CylinderSet, b: CylinderSet): Float32Array {
  const na = a.cylinders.length;
  const nb = b.cylinders.length;
  const out = new Float32Array(na * nb);
  for (let i = 0; i < na; i++) {
    const ca = a.cylinders[i]!;
    for (let j = 0; j < nb; j++) out[i * nb + j] = cylinderSimilarity(ca, b.cylinders[j]!);
  }
  return out;
}

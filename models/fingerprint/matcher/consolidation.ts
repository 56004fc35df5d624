/**
 * Global consolidation of local cylinder similarities into one score: Local
 * Similarity Sort with Relaxation (LSS-R, Cappelli et al. 2010). The best one-to-one
 * pairs are selected greedily, then their similarities are iteratively reinforced by
 * the geometric compatibility (distances, relative directions, relative radial angles)
 * with the other pairs; the score averages the most consistent pairs.
 */
import { angleDiff } from '../minutiae/types';
import type { CylinderSet } from './cylinders';

const MIN_NP = 4;
const MAX_NP = 12;
const MU_P = 20;
const TAU_P = 2 / 5;
const RELAX_ITERATIONS = 5;
const RELAX_WEIGHT = 0.5;
const RHO = {
  mu1: 5,
  tau1: -8 / 5,
  mu2: Math.PI / 12,
  tau2: -30,
  mu3: Math.PI / 12,
  tau3: -30,
};

function sigmoid(v: number, mu: number, tau: number): number {
  return 1 / (1 + Math.exp(-tau * (v - mu)));
}

export interface Pairing {
  readonly a: number;
  readonly b: number;
  readonly similarity: number;
}

/** Number of pairs averaged by the final score, growing with the smaller minutiae count. */
export function pairsToAverage(na: number, nb: number): number {
  return MIN_NP + Math.round(sigmoid(Math.min(na, nb), MU_P, TAU_P) * (MAX_NP - MIN_NP));
}

/** Greedy one-to-one selection of the `count` most similar pairs. */
export function selectPairs(matrix: Float32Array, na: number, nb: number, count: number): Pairing[] {
  const order: number[] = [];
  for (let k = 0; k < matrix.length; k++) if (matrix[k]! > 0) order.push(k);
  order.sort((x, y) => matrix[y]! - matrix[x]!);
  const usedA = new Uint8Array(na);
  const usedB = new Uint8Array(nb);
  const out: Pairing[] = [];
  for (const k of order) {
    if (out.length >= count) break;
    const a = Math.floor(k / nb);
    const b = k - a * nb;
    if (usedA[a] || usedB[b]) continue;
    usedA[a] = 1;
    usedB[b] = 1;
    out.push({ a, b, similarity: matrix[k]! });
  }
  return out;
}

export interface ConsolidationResult {
  readonly score: number;
  /** The pairs retained in the final average, with their relaxed similarity. */
  readonly pairs: readonly Pairing[];
}

/** LSS-R score in [0, 1]. */
export function relaxedScore(
  matrix: Float32Array,
  a: CylinderSet,
  b: CylinderSet,
  minutiaeA: number,
  minutiaeB: number,
): ConsolidationResult {
  const na = a.cylinders.length;
  const nb = b.cylinders.length;
  if (na === 0 || nb === 0) return { score: 0, pairs: [] };
  const nP = pairsToAverage(minutiaeA, minutiaeB);
  const nR = Math.min(na, nb);
  const pairs = selectPairs(matrix, na, nb, nR);
  const n = pairs.length;
  if (n < 2) return { score: 0, pairs: [] };
  // Pairwise compatibility.
  const rho = new Float32Array(n * n);
  for (let t = 0; t < n; t++) {
    const pt = pairs[t]!;
    const at = a.cylinders[pt.a]!;
    const bt = b.cylinders[pt.b]!;
    for (let k = t + 1; k < n; k++) {
      const pk = pairs[k]!;
      const ak = a.cylinders[pk.a]!;
      const bk = b.cylinders[pk.b]!;
      const dax = ak.x - at.x;
      const day = ak.y - at.y;
      const dbx = bk.x - bt.x;
      const dby = bk.y - bt.y;
      const d1 = Math.abs(Math.hypot(dax, day) - Math.hypot(dbx, dby));
      const d2 = Math.abs(angleDiff(angleDiff(at.angle, ak.angle), angleDiff(bt.angle, bk.angle)));
      const ra = angleDiff(at.angle, Math.atan2(day, dax));
      const rb = angleDiff(bt.angle, Math.atan2(dby, dbx));
      const d3 = Math.abs(angleDiff(ra, rb));
      const v =
        sigmoid(d1, RHO.mu1, RHO.tau1) * sigmoid(d2, RHO.mu2, RHO.tau2) * sigmoid(d3, RHO.mu3, RHO.tau3);
      rho[t * n + k] = v;
      rho[k * n + t] = v;
    }
  }
  let lambda = Float32Array.from(pairs, (p) => p.similarity);
  const initial = lambda.slice();
  for (let it = 0; it < RELAX_ITERATIONS; it++) {
    const next = new Float32Array(n);
    for (let t = 0; t < n; t++) {
      let s = 0;
      const row = t * n;
      for (let k = 0; k < n; k++) if (k !== t) s += rho[row + k]! * lambda[k]!;
      next[t] = RELAX_WEIGHT * lambda[t]! + ((1 - RELAX_WEIGHT) * s) / (n - 1);
    }
    lambda = next;
  }
  const order = Array.from({ length: n }, (_, t) => t).sort(
    (x, y) => lambda[y]! / initial[y]! - lambda[x]! / initial[x]!,
  );
  const take = Math.min(nP, n);
  let sum = 0;
  const kept: Pairing[] = [];
  for (let r = 0; r < take; r++) {
    const t = order[r]!;
    sum += lambda[t]!;
    kept.push({ a: pairs[t]!.a, b: pairs[t]!.b, similarity: lambda[t]! });
  }
  // Averaging over nP even when fewer pairs exist penalises tiny overlaps.
  return { score: sum / nP, pairs: kept };
}

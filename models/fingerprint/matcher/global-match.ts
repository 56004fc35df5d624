/**
 * Global consolidation by seed and extend: each of the most similar cylinder pairs proposes a
 * rigid transform (the seed minutia of A onto its partner in B); every minutia of A is projected
 * and paired greedily with a minutia of B within a position tolerance that grows away from the
 * seed (skin distortion) and a direction tolerance. The transform is then refined by least
 * squares on the pairs found and the pairing repeated. The best seed is the one pairing the most
 * minutiae (closeness-weighted). A last elastic pass corrects the rigid transform locally by the
 * residuals of nearby pairs (skin distortion grows away from the contact centre, and FVC2000's
 * sensors show a lot of it) and pairs again with a tighter tolerance. Reports the pairs, and the minutiae of each template that lie
 * in the other's area under that transform (the overlap), so the score can be normalised by
 * what both impressions actually show rather than by whole-template sizes. It also reports the
 * rival weight: the best pairing among the seeds that disagree with the chosen one (sharing
 * fewer than half of its pairs). A genuine pair has one alignment that stands out; between two
 * different fingers of the same pattern class several unrelated alignments each pair a similar
 * share of minutiae by chance, and the best of them is just the highest of that noise.
 */
import type { FingerprintTemplate } from '../minutiae/types';
import { angleDiff } from '../minutiae/types';
import type { CylinderSet } from './cylinders';
import { convexHull, HullTest, type Point } from './hull';

export const GLOBAL = {
  /** Seeds tried: the most similar one-to-one cylinder pairs. */
  seeds: 16,
  baseTolerance: 10,
  toleranceSlope: 0.06,
  angleTolerance: Math.PI / 6,
  hullMargin: 10,
} as const;

export interface GlobalMatch {
  /** Paired minutiae, [index in A, index in B] of the templates' minutiae. */
  readonly pairs: readonly (readonly [number, number])[];
  /** Sum over pairs of a closeness weight in (0, 1] (1 = same place and direction). */
  readonly weight: number;
  /** Minutiae of A inside B's area after alignment, and of B inside A's aligned area. */
  readonly overlapA: number;
  readonly overlapB: number;
  /** Highest rigid pairing weight among the seeds whose pairing disagrees with the chosen one. */
  readonly rivalWeight: number;
}

interface Pts {
  x: Float64Array;
  y: Float64Array;
  angle: Float64Array;
  hull: Point[];
}

function pointsOf(t: FingerprintTemplate): Pts {
  const s = t.ppi > 0 ? 500 / t.ppi : 1;
  const n = t.minutiae.length;
  const p: Pts = { x: new Float64Array(n), y: new Float64Array(n), angle: new Float64Array(n), hull: [] };
  t.minutiae.forEach((m, i) => {
    p.x[i] = m.x * s;
    p.y[i] = m.y * s;
    p.angle[i] = m.angle;
  });
  p.hull = convexHull(t.minutiae.map((_, i) => ({ x: p.x[i]!, y: p.y[i]! })));
  return p;
}

const cache = new WeakMap<FingerprintTemplate, Pts>();
function cachedPoints(t: FingerprintTemplate): Pts {
  let p = cache.get(t);
  if (!p) {
    p = pointsOf(t);
    cache.set(t, p);
  }
  return p;
}

interface Transform {
  cos: number;
  sin: number;
  tx: number;
  ty: number;
  rot: number;
  /** Centre (in B) from which the tolerance grows. */
  cx: number;
  cy: number;
}

interface Pairing {
  pairs: [number, number][];
  weight: number;
}

function pairUnder(
  a: Pts,
  b: Pts,
  t: Transform,
  px: Float64Array,
  py: Float64Array,
  offsets?: { x: Float64Array; y: Float64Array },
  slope: number = GLOBAL.toleranceSlope,
): Pairing {
  const na = a.x.length;
  const nb = b.x.length;
  for (let i = 0; i < na; i++) {
    px[i] = t.cos * a.x[i]! - t.sin * a.y[i]! + t.tx;
    py[i] = t.sin * a.x[i]! + t.cos * a.y[i]! + t.ty;
    if (offsets) {
      px[i] = px[i]! + offsets.x[i]!;
      py[i] = py[i]! + offsets.y[i]!;
    }
  }
  const cand: { i: number; j: number; d: number; w: number }[] = [];
  for (let i = 0; i < na; i++) {
    const tol = GLOBAL.baseTolerance + slope * Math.hypot(px[i]! - t.cx, py[i]! - t.cy);
    const ai = a.angle[i]! + t.rot;
    for (let j = 0; j < nb; j++) {
      const dx = px[i]! - b.x[j]!;
      if (dx > tol || dx < -tol) continue;
      const dy = py[i]! - b.y[j]!;
      if (dy > tol || dy < -tol) continue;
      const d = Math.hypot(dx, dy);
      if (d > tol) continue;
      const da = Math.abs(angleDiff(ai, b.angle[j]!));
      if (da > GLOBAL.angleTolerance) continue;
      const w = (1 - d / (tol * 1.25)) * (1 - da / (GLOBAL.angleTolerance * 1.25));
      cand.push({ i, j, d: d / tol + da / GLOBAL.angleTolerance, w });
    }
  }
  cand.sort((p, q) => p.d - q.d);
  const usedA = new Uint8Array(na);
  const usedB = new Uint8Array(nb);
  const pairs: [number, number][] = [];
  let weight = 0;
  for (const c of cand) {
    if (usedA[c.i] || usedB[c.j]) continue;
    usedA[c.i] = 1;
    usedB[c.j] = 1;
    pairs.push([c.i, c.j]);
    weight += c.w;
  }
  return { pairs, weight };
}

/** Least-squares rigid transform (rotation + translation) of A's paired points onto B's. */
function refit(a: Pts, b: Pts, pairs: readonly (readonly [number, number])[]): Transform {
  let ax = 0;
  let ay = 0;
  let bx = 0;
  let by = 0;
  for (const [i, j] of pairs) {
    ax += a.x[i]!;
    ay += a.y[i]!;
    bx += b.x[j]!;
    by += b.y[j]!;
  }
  const n = pairs.length;
  ax /= n;
  ay /= n;
  bx /= n;
  by /= n;
  let sc = 0;
  let ss = 0;
  for (const [i, j] of pairs) {
    const ux = a.x[i]! - ax;
    const uy = a.y[i]! - ay;
    const vx = b.x[j]! - bx;
    const vy = b.y[j]! - by;
    sc += ux * vx + uy * vy;
    ss += ux * vy - uy * vx;
  }
  const rot = Math.atan2(ss, sc);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  return { cos, sin, rot, tx: bx - (cos * ax - sin * ay), ty: by - (sin * ax + cos * ay), cx: bx, cy: by };
}

/** The elastic pass runs when the rigid pairing found at least this many pairs. */
const ELASTIC_MIN_PAIRS = 4;
/** Reach (px) of a pair's residual in the local correction. */
const ELASTIC_SIGMA = 40;
/** Weight of "no correction" in the local mean (one pair's worth at zero distance). */
const ELASTIC_PRIOR = 1;
/** Tolerance growth with distance once corrected (half the rigid pass's). */
const ELASTIC_SLOPE = 0.03;

/**
 * Local correction of the rigid transform for skin distortion: each minutia of A moves by the
 * Gaussian-weighted mean residual (B position minus projected A position) of the pairs near it;
 * far from any pair the prior weight pulls the correction back to zero.
 */
function elasticOffsets(
  a: Pts,
  b: Pts,
  t: Transform,
  pairs: readonly (readonly [number, number])[],
): { x: Float64Array; y: Float64Array } {
  const n = a.x.length;
  const ox = new Float64Array(n);
  const oy = new Float64Array(n);
  const ax = pairs.map(([i]) => t.cos * a.x[i]! - t.sin * a.y[i]! + t.tx);
  const ay = pairs.map(([i]) => t.sin * a.x[i]! + t.cos * a.y[i]! + t.ty);
  const rx = pairs.map(([, j], k) => b.x[j]! - ax[k]!);
  const ry = pairs.map(([, j], k) => b.y[j]! - ay[k]!);
  const s2 = -1 / (2 * ELASTIC_SIGMA * ELASTIC_SIGMA);
  for (let i = 0; i < n; i++) {
    const x = t.cos * a.x[i]! - t.sin * a.y[i]! + t.tx;
    const y = t.sin * a.x[i]! + t.cos * a.y[i]! + t.ty;
    let sw = ELASTIC_PRIOR;
    let sx = 0;
    let sy = 0;
    for (let k = 0; k < pairs.length; k++) {
      const w = Math.exp(((x - ax[k]!) ** 2 + (y - ay[k]!) ** 2) * s2);
      sw += w;
      sx += w * rx[k]!;
      sy += w * ry[k]!;
    }
    ox[i] = sx / sw;
    oy[i] = sy / sw;
  }
  return { x: ox, y: oy };
}

function seedTransform(a: Pts, b: Pts, i: number, j: number): Transform {
  const rot = angleDiff(b.angle[j]!, a.angle[i]!);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const tx = b.x[j]! - (cos * a.x[i]! - sin * a.y[i]!);
  const ty = b.y[j]! - (sin * a.x[i]! + cos * a.y[i]!);
  return { cos, sin, rot, tx, ty, cx: b.x[j]!, cy: b.y[j]! };
}

/** Most similar one-to-one cylinder pairs (as template minutia indices). */
function seedPairs(
  matrix: Float32Array,
  ca: CylinderSet,
  cb: CylinderSet,
  count: number,
): [number, number][] {
  const nb = cb.cylinders.length;
  const order: number[] = [];
  for (let k = 0; k < matrix.length; k++) if (matrix[k]! > 0) order.push(k);
  order.sort((x, y) => matrix[y]! - matrix[x]!);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const out: [number, number][] = [];
  for (const k of order) {
    if (out.length >= count) break;
    const a = Math.floor(k / nb);
    const b = k - a * nb;
    if (usedA.has(a) || usedB.has(b)) continue;
    usedA.add(a);
    usedB.add(b);
    out.push([ca.minutiaIndex[a]!, cb.minutiaIndex[b]!]);
  }
  return out;
}

export function globalMatch(
  ta: FingerprintTemplate,
  tb: FingerprintTemplate,
  ca: CylinderSet,
  cb: CylinderSet,
  matrix: Float32Array,
): GlobalMatch {
  const a = cachedPoints(ta);
  const b = cachedPoints(tb);
  const empty: GlobalMatch = { pairs: [], weight: 0, overlapA: 0, overlapB: 0, rivalWeight: 0 };
  if (a.x.length === 0 || b.x.length === 0) return empty;
  const px = new Float64Array(a.x.length);
  const py = new Float64Array(a.x.length);
  let best: Pairing = { pairs: [], weight: 0 };
  let bestT: Transform | undefined;
  const tried: Pairing[] = [];
  for (const [i, j] of seedPairs(matrix, ca, cb, GLOBAL.seeds)) {
    let t = seedTransform(a, b, i, j);
    let p = pairUnder(a, b, t, px, py);
    if (p.pairs.length >= 3) {
      const t2 = refit(a, b, p.pairs);
      const p2 = pairUnder(a, b, t2, px, py);
      if (p2.weight > p.weight) {
        p = p2;
        t = t2;
      }
    }
    tried.push(p);
    if (p.weight > best.weight) {
      best = p;
      bestT = t;
    }
  }
  if (!bestT) return empty;
  const t = bestT;
  const rivalWeight = rival(best, tried, a.x.length);
  if (best.pairs.length >= ELASTIC_MIN_PAIRS) {
    const e = pairUnder(a, b, t, px, py, elasticOffsets(a, b, t, best.pairs), ELASTIC_SLOPE);
    if (e.weight > best.weight) best = e;
  }
  // Overlap: A's minutiae inside B's hull, B's inside A's hull moved by the transform.
  const hullB = new HullTest(b.hull, GLOBAL.hullMargin);
  const hullA = new HullTest(
    a.hull.map((p) => ({ x: t.cos * p.x - t.sin * p.y + t.tx, y: t.sin * p.x + t.cos * p.y + t.ty })),
    GLOBAL.hullMargin,
  );
  let overlapA = 0;
  for (let i = 0; i < a.x.length; i++) {
    if (hullB.contains(t.cos * a.x[i]! - t.sin * a.y[i]! + t.tx, t.sin * a.x[i]! + t.cos * a.y[i]! + t.ty))
      overlapA++;
  }
  let overlapB = 0;
  for (let j = 0; j < b.x.length; j++) if (hullA.contains(b.x[j]!, b.y[j]!)) overlapB++;
  const m = best.pairs.length;
  return {
    pairs: best.pairs,
    weight: best.weight,
    overlapA: Math.max(overlapA, m),
    overlapB: Math.max(overlapB, m),
    rivalWeight,
  };
}

/**
 * Highest weight among the tried pairings that disagree with the best one: sharing fewer than
 * half of the smaller pairing's pairs, or fewer than two (seeds that rediscover the chosen
 * alignment agree with it and are not rivals).
 */
function rival(best: Pairing, tried: readonly Pairing[], na: number): number {
  const partner = new Int32Array(na).fill(-1);
  for (const [i, j] of best.pairs) partner[i] = j;
  let out = 0;
  for (const p of tried) {
    if (p === best) continue;
    let shared = 0;
    for (const [i, j] of p.pairs) if (partner[i] === j) shared++;
    const agrees = shared >= 2 && shared >= 0.5 * Math.min(p.pairs.length, best.pairs.length);
    if (!agrees) out = Math.max(out, p.weight);
  }
  return out;
}

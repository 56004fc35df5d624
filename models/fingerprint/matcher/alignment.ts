/**
 * Global geometric check of a consolidated pairing: estimates the rigid transform
 * (rotation from the mean direction change, translation from the centroids) carried
 * by the best minutia pairs, projects every minutia of A into B's frame, pairs them
 * greedily within a distance tolerance that grows away from the aligned centre
 * (elastic distortion), and counts matches relative to the minutiae lying in the
 * common area (each template's convex hull).
 */
import type { FingerprintTemplate } from '../minutiae/types';
import { angleDiff } from '../minutiae/types';
import type { Pairing } from './consolidation';
import type { CylinderSet } from './cylinders';
import { convexHull, HullTest } from './hull';

const BASE_TOLERANCE = 12;
const TOLERANCE_SLOPE = 0.06;
const ANGLE_TOLERANCE = Math.PI / 7;
const HULL_MARGIN = 8;

export interface AlignmentResult {
  /** Greedily paired minutiae under the estimated transform. */
  readonly matched: number;
  /** Minutiae of A (projected) inside B's area, and of B inside A's projected area. */
  readonly overlapA: number;
  readonly overlapB: number;
  /** matched² / (overlapA * overlapB), in [0, 1]. */
  readonly ratio: number;
  /** The paired minutiae, as [index in A, index in B] of the templates' minutiae. */
  readonly pairs: readonly (readonly [number, number])[];
}

interface Pt {
  x: number;
  y: number;
  angle: number;
  index: number;
}

function points(t: FingerprintTemplate): Pt[] {
  const s = t.ppi > 0 ? 500 / t.ppi : 1;
  return t.minutiae.map((m, index) => ({ x: m.x * s, y: m.y * s, angle: m.angle, index }));
}

export function alignAndCount(
  a: FingerprintTemplate,
  b: FingerprintTemplate,
  ca: CylinderSet,
  cb: CylinderSet,
  pairs: readonly Pairing[],
): AlignmentResult {
  const empty = { matched: 0, overlapA: 0, overlapB: 0, ratio: 0, pairs: [] };
  if (pairs.length === 0) return empty;
  // Rotation: circular mean of direction changes, weighted by pair similarity.
  let sc = 0;
  let ss = 0;
  for (const p of pairs) {
    const d = angleDiff(cb.cylinders[p.b]!.angle, ca.cylinders[p.a]!.angle);
    sc += p.similarity * Math.cos(d);
    ss += p.similarity * Math.sin(d);
  }
  const rot = Math.atan2(ss, sc);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  let ax = 0;
  let ay = 0;
  let bx = 0;
  let by = 0;
  let wsum = 0;
  for (const p of pairs) {
    const w = p.similarity;
    ax += w * ca.cylinders[p.a]!.x;
    ay += w * ca.cylinders[p.a]!.y;
    bx += w * cb.cylinders[p.b]!.x;
    by += w * cb.cylinders[p.b]!.y;
    wsum += w;
  }
  if (wsum <= 0) return empty;
  ax /= wsum;
  ay /= wsum;
  bx /= wsum;
  by /= wsum;
  const pa = points(a).map((m) => ({
    x: bx + (m.x - ax) * cos - (m.y - ay) * sin,
    y: by + (m.x - ax) * sin + (m.y - ay) * cos,
    angle: m.angle + rot,
    index: m.index,
  }));
  const pb = points(b);
  const hullB = new HullTest(convexHull(pb), HULL_MARGIN);
  const hullA = new HullTest(convexHull(pa), HULL_MARGIN);
  const inA = pa.filter((m) => hullB.contains(m.x, m.y));
  const inB = pb.filter((m) => hullA.contains(m.x, m.y));
  // Greedy pairing by increasing distance.
  const candidates: { i: number; j: number; d: number }[] = [];
  for (let i = 0; i < inA.length; i++) {
    const m = inA[i]!;
    const tol = BASE_TOLERANCE + TOLERANCE_SLOPE * Math.hypot(m.x - bx, m.y - by);
    for (let j = 0; j < inB.length; j++) {
      const n = inB[j]!;
      const d = Math.hypot(m.x - n.x, m.y - n.y);
      if (d > tol || Math.abs(angleDiff(m.angle, n.angle)) > ANGLE_TOLERANCE) continue;
      candidates.push({ i, j, d });
    }
  }
  candidates.sort((p, q) => p.d - q.d);
  const usedA = new Uint8Array(inA.length);
  const usedB = new Uint8Array(inB.length);
  const matchedPairs: [number, number][] = [];
  for (const c of candidates) {
    if (usedA[c.i] || usedB[c.j]) continue;
    usedA[c.i] = 1;
    usedB[c.j] = 1;
    matchedPairs.push([inA[c.i]!.index, inB[c.j]!.index]);
  }
  const matched = matchedPairs.length;
  const overlapA = Math.max(inA.length, matched);
  const overlapB = Math.max(inB.length, matched);
  const ratio = overlapA > 0 && overlapB > 0 ? (matched * matched) / (overlapA * overlapB) : 0;
  return { matched, overlapA, overlapB, ratio, pairs: matchedPairs };
}

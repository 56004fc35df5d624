/**
 * False-minutiae removal on detection candidates, using skeleton traces and geometry:
 * border (too close to the background), short ridges and islands, spurs, bridges and
 * small lakes, broken ridges (facing endings), too-close pairs and dense clusters,
 * plus a floor on local orientation coherence.
 */
import type { Candidate } from './detect';
import { angleDiff } from './types';

export interface CleanupParams {
  /** Typical local ridge period (pixels) used to scale the distances. */
  period: number;
  /** Minimum distance to background (pixels). */
  borderDistance: number;
  /** Minimum coherence for a candidate to be kept. */
  minCoherence: number;
}

export function removeFalseMinutiae(
  candidates: readonly Candidate[],
  distToBackground: Float32Array,
  coherence: Float32Array,
  params: CleanupParams,
): Candidate[] {
  const n = candidates.length;
  const removed = new Uint8Array(n);
  const byIndex = new Map<number, number>();
  candidates.forEach((c, k) => {
    byIndex.set(c.index, k);
  });
  const P = params.period;
  const shortRidge = 1.8 * P;
  const spur = 1.5 * P;
  const bridge = 1.5 * P;

  const endOf = (path: readonly number[]) => path[path.length - 1]!;
  for (let k = 0; k < n; k++) {
    const c = candidates[k]!;
    if (c.type === 'ending') {
      const t = c.traces[0]!;
      const other = byIndex.get(endOf(t.path));
      if (t.stop === 'ending' && t.path.length <= shortRidge) {
        removed[k] = 1; // short ridge / island / dot
        if (other !== undefined) removed[other] = 1;
      } else if (t.stop === 'junction' && t.path.length <= spur) {
        removed[k] = 1; // spur
        if (other !== undefined) removed[other] = 1;
      }
    } else {
      for (const t of c.traces) {
        if (t.stop === 'junction' && t.path.length <= bridge) {
          removed[k] = 1; // bridge, small lake or crossing
          const other = byIndex.get(endOf(t.path));
          if (other !== undefined) removed[other] = 1;
        }
      }
    }
  }

  // Border and coherence floor.
  for (let k = 0; k < n; k++) {
    const c = candidates[k]!;
    if (distToBackground[c.index]! < params.borderDistance || coherence[c.index]! < params.minCoherence) {
      removed[k] = 1;
    }
  }

  // Broken ridges: two endings close together, facing each other.
  const broken = 2 * P;
  for (let a = 0; a < n; a++) {
    const ca = candidates[a]!;
    if (ca.type !== 'ending') continue;
    for (let b = a + 1; b < n; b++) {
      const cb = candidates[b]!;
      if (cb.type !== 'ending') continue;
      const dx = cb.x - ca.x;
      const dy = cb.y - ca.y;
      const d = Math.hypot(dx, dy);
      if (d > broken || d === 0) continue;
      const ab = Math.atan2(dy, dx);
      // Ending angles point into their ridge bodies, i.e. away from the gap.
      const facingA = Math.abs(angleDiff(ca.angle + Math.PI, ab)) < Math.PI / 4;
      const facingB = Math.abs(angleDiff(cb.angle, ab)) < Math.PI / 4;
      if (facingA && facingB) {
        removed[a] = 1;
        removed[b] = 1;
      }
    }
  }

  // Too-close pairs (any type) and dense clusters, judged on the surviving set.
  const close = 0.7 * P;
  const clusterRadius = 2 * P;
  const survivors: number[] = [];
  for (let k = 0; k < n; k++) if (!removed[k]) survivors.push(k);
  const drop = new Uint8Array(n);
  for (const a of survivors) {
    const ca = candidates[a]!;
    let inCluster = 0;
    for (const b of survivors) {
      if (a === b) continue;
      const cb = candidates[b]!;
      const d = Math.hypot(cb.x - ca.x, cb.y - ca.y);
      if (d < close) drop[a] = 1;
      if (d < clusterRadius) inCluster++;
    }
    if (inCluster >= 4) drop[a] = 1;
  }
  return candidates.filter((_, k) => !removed[k] && !drop[k]);
}

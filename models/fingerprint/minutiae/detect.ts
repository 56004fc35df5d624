/**
 * Minutiae detection on the skeleton by crossing number (1 = ridge ending,
 * 3 = bifurcation), with direction measured by tracing the ridge(s) leaving the point
 * and snapped to the smoothed orientation field when the two agree. Each candidate
 * keeps what its traces ran into, for the false-minutiae rules in `cleanup`.
 */

import { CROSSING_NUMBER, neighbourhoodCode } from './skeleton';
import { SkeletonTracer, type TraceResult } from './skeleton-trace';
import type { MinutiaType } from './types';
import { angleDiff, normalizeAngle } from './types';

export interface Candidate {
  x: number;
  y: number;
  index: number;
  angle: number;
  type: MinutiaType;
  /** One trace for an ending, one per branch for a bifurcation. */
  traces: TraceResult[];
}

export interface DetectParams {
  /** Trace length (pixels) used to measure directions and find neighbours along ridges. */
  traceLength: number;
}

function directionFromPath(x: number, y: number, path: readonly number[], w: number, steps: number): number {
  const p = path[Math.min(path.length, steps) - 1]!;
  const px = p % w;
  const py = (p - px) / w;
  return normalizeAngle(Math.atan2(py - y, px - x));
}

/** Snaps a traced direction to the local ridge orientation when they agree within 30°. */
function snap(traced: number, ridgeTheta: number): number {
  const a = normalizeAngle(ridgeTheta);
  const b = normalizeAngle(ridgeTheta + Math.PI);
  const da = Math.abs(angleDiff(traced, a));
  const db = Math.abs(angleDiff(traced, b));
  const [best, d] = da < db ? [a, da] : [b, db];
  return d < Math.PI / 6 ? best : traced;
}

export function detectCandidates(
  skeleton: Uint8Array,
  w: number,
  h: number,
  mask: Uint8Array,
  theta: Float32Array,
  params: DetectParams,
): { candidates: Candidate[]; tracer: SkeletonTracer } {
  const junction = new Uint8Array(skeleton.length);
  const cn = new Uint8Array(skeleton.length);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!skeleton[i]) continue;
      const c = CROSSING_NUMBER[neighbourhoodCode(skeleton, i, w)]!;
      cn[i] = c;
      if (c >= 3) junction[i] = 1;
    }
  }
  const tracer = new SkeletonTracer(skeleton, w, h, junction);
  const candidates: Candidate[] = [];
  const L = params.traceLength;
  const angleSteps = Math.max(6, Math.round(L * 0.7));
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (!skeleton[i] || !mask[i]) continue;
      const c = cn[i]!;
      if (c === 1) {
        const starts = tracer.branchStarts(i);
        if (starts.length !== 1) continue;
        const t = tracer.trace(i, starts[0]!, L);
        const traced = directionFromPath(x, y, t.path, w, angleSteps);
        candidates.push({ x, y, index: i, type: 'ending', angle: snap(traced, theta[i]!), traces: [t] });
      } else if (c === 3) {
        const starts = tracer.branchStarts(i);
        if (starts.length !== 3) continue;
        const traces = starts.map((s) =>
          tracer.trace(
            i,
            s,
            L,
            starts.filter((o) => o !== s),
          ),
        );
        const dirs = traces.map((t) => directionFromPath(x, y, t.path, w, angleSteps));
        // The two branches closest in direction are the fork; the minutia points between them.
        let bi = 0;
        let bj = 1;
        let bestD = Infinity;
        for (let a = 0; a < 3; a++) {
          for (let b = a + 1; b < 3; b++) {
            const d = Math.abs(angleDiff(dirs[a]!, dirs[b]!));
            if (d < bestD) {
              bestD = d;
              bi = a;
              bj = b;
            }
          }
        }
        const mid = normalizeAngle(dirs[bi]! + angleDiff(dirs[bj]!, dirs[bi]!) / 2);
        candidates.push({ x, y, index: i, type: 'bifurcation', angle: snap(mid, theta[i]!), traces });
      }
    }
  }
  return { candidates, tracer };
}

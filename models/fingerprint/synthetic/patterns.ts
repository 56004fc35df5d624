/**
 * Synthetic ridge patterns for unit tests and the simulated citizens of the demo bench (no real
 * fingerprint data needed): parallel
 * or concentric sinusoidal ridges inside an elliptical "finger" on a white background,
 * with minutiae planted as phase singularities (each ±1 spiral phase term adds or
 * removes one ridge, creating an ending or a bifurcation at that point, as in
 * Larkin & Fletcher's phase model), optional seeded noise and contrast, and an optional
 * rigid transform (rotation about the image centre, then translation).
 */

import { seededRandom } from '../../../common/prng';
import type { GreyImage } from '../image/grey-image';

export interface PlantedMinutia {
  readonly x: number;
  readonly y: number;
  /** +1 or -1: direction of the spiral phase. */
  readonly sign: 1 | -1;
}

export interface PatternSpec {
  readonly width: number;
  readonly height: number;
  /** Ridge period in pixels (about 9 at 500 ppi). */
  readonly period: number;
  /** 'parallel': straight ridges along `ridgeAngle`; 'concentric': circles around the centre. */
  readonly kind: 'parallel' | 'concentric';
  /** Ridge direction (radians, image frame) for parallel ridges. */
  readonly ridgeAngle?: number;
  readonly minutiae?: readonly PlantedMinutia[];
  /** Ridge/valley amplitude in grey levels (default 100). */
  readonly contrast?: number;
  /** Grey level of the ridge/valley midpoint (default 128). */
  readonly meanGrey?: number;
  /** Standard deviation of additive Gaussian noise (default 0). */
  readonly noise?: number;
  readonly seed?: number;
  /** Semi-axes of the elliptical finger area (default: 40 % / 45 % of the image). */
  readonly fingerRadiusX?: number;
  readonly fingerRadiusY?: number;
  /** Centre of the finger area (default: image centre). */
  readonly fingerCentreX?: number;
  readonly fingerCentreY?: number;
}

export interface RigidTransform {
  /** Rotation in radians about the image centre (clockwise on screen, y down). */
  readonly rotation: number;
  readonly dx: number;
  readonly dy: number;
}

export const IDENTITY: RigidTransform = { rotation: 0, dx: 0, dy: 0 };

function gaussian(rand: () => number): number {
  const u = Math.max(1e-12, rand());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Maps a point of the pattern frame into the image frame. */
export function transformPoint(
  spec: Pick<PatternSpec, 'width' | 'height'>,
  t: RigidTransform,
  x: number,
  y: number,
): { x: number; y: number } {
  const cx = spec.width / 2;
  const cy = spec.height / 2;
  const c = Math.cos(t.rotation);
  const s = Math.sin(t.rotation);
  return { x: cx + (x - cx) * c - (y - cy) * s + t.dx, y: cy + (x - cx) * s + (y - cy) * c + t.dy };
}

/** Renders the pattern, optionally rigidly transformed, as a 500 ppi GreyImage. */
export function renderPattern(spec: PatternSpec, transform: RigidTransform = IDENTITY): GreyImage {
  const { width: w, height: h, period } = spec;
  const amp = spec.contrast ?? 100;
  const mid = spec.meanGrey ?? 128;
  const rx = spec.fingerRadiusX ?? w * 0.4;
  const ry = spec.fingerRadiusY ?? h * 0.45;
  const fcx = spec.fingerCentreX ?? w / 2;
  const fcy = spec.fingerCentreY ?? h / 2;
  const ridgeAngle = spec.ridgeAngle ?? 0;
  const nx = -Math.sin(ridgeAngle);
  const ny = Math.cos(ridgeAngle);
  const planted = spec.minutiae ?? [];
  const rand = seededRandom(spec.seed ?? 1);
  const noise = spec.noise ?? 0;
  const cx = w / 2;
  const cy = h / 2;
  const c = Math.cos(-transform.rotation);
  const s = Math.sin(-transform.rotation);
  const pixels = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Back to the pattern frame.
      const ux = x - transform.dx - cx;
      const uy = y - transform.dy - cy;
      const px = cx + ux * c - uy * s;
      const py = cy + ux * s + uy * c;
      const ex = (px - fcx) / rx;
      const ey = (py - fcy) / ry;
      let v: number;
      if (ex * ex + ey * ey > 1) {
        v = 250;
      } else {
        let phase =
          spec.kind === 'parallel'
            ? ((2 * Math.PI) / period) * ((px - fcx) * nx + (py - fcy) * ny)
            : ((2 * Math.PI) / period) * Math.hypot(px - fcx, py - fcy);
        for (const m of planted) phase += m.sign * Math.atan2(py - m.y, px - m.x);
        v = mid - amp * Math.cos(phase);
      }
      if (noise > 0) v += noise * gaussian(rand);
      pixels[y * w + x] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { width: w, height: h, ppi: 500, pixels };
}

/** Random minutiae positions inside the finger ellipse, at least `spacing` apart. */
export function randomMinutiae(
  spec: Pick<PatternSpec, 'width' | 'height' | 'fingerRadiusX' | 'fingerRadiusY'>,
  count: number,
  seed: number,
  spacing = 40,
  margin = 0.75,
): PlantedMinutia[] {
  const rand = seededRandom(seed);
  const rx = (spec.fingerRadiusX ?? spec.width * 0.4) * margin;
  const ry = (spec.fingerRadiusY ?? spec.height * 0.45) * margin;
  const out: PlantedMinutia[] = [];
  for (let attempt = 0; attempt < count * 200 && out.length < count; attempt++) {
    const a = rand() * 2 * Math.PI;
    const r = Math.sqrt(rand());
    const x = spec.width / 2 + r * rx * Math.cos(a);
    const y = spec.height / 2 + r * ry * Math.sin(a);
    if (out.some((m) => Math.hypot(m.x - x, m.y - y) < spacing)) continue;
    out.push({ x, y, sign: rand() < 0.5 ? 1 : -1 });
  }
  return out;
}

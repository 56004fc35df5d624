/**
 * Minutia Cylinder-Code local descriptors, bit-based variant (Cappelli, Ferrara &
 * Maltoni, "Minutia Cylinder-Code", IEEE TPAMI 2010): for each minutia, a cylinder of
 * NS x NS x ND cells in the minutia's own frame records, per cell, whether nearby
 * minutiae with a given relative direction are present. Translation- and
 * rotation-invariant, tolerant to distortion through the Gaussian spreads.
 */
import type { FingerprintTemplate } from '../minutiae/types';
import { angleDiff } from '../minutiae/types';
import { convexHull, HullTest } from './hull';

export const MCC = {
  radius: 70,
  ns: 16,
  nd: 6,
  sigmaS: 28 / 3,
  sigmaD: (2 * Math.PI) / 9,
  muPsi: 0.01,
  hullMargin: 50,
  /** Minimum fraction of valid cells for a cylinder to be valid. */
  minValidCells: 0.6,
  /** Minimum number of contributing minutiae for a cylinder to be valid. */
  minContributors: 2,
} as const;

export const CELLS = MCC.ns * MCC.ns * MCC.nd;
export const WORDS = CELLS / 32;

export interface Cylinder {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  /** Cell bits (1 = contribution above muPsi), WORDS uint32 words. */
  readonly bits: Uint32Array;
  /** Validity bits. */
  readonly valid: Uint32Array;
}

export interface CylinderSet {
  readonly cylinders: readonly Cylinder[];
  /** Index of each cylinder's minutia in the template. */
  readonly minutiaIndex: readonly number[];
  /** Total minutiae in the template (valid cylinders or not). */
  readonly minutiaCount: number;
}

const DELTA_S = (2 * MCC.radius) / MCC.ns;
const DELTA_D = (2 * Math.PI) / MCC.nd;
const GS_NORM = 1 / (MCC.sigmaS * Math.sqrt(2 * Math.PI));

function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7.
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-a * a);
  return s * y;
}

/** Directional contribution: Gaussian (sigmaD) mass over a ΔD-wide bin centred at alpha. */
function gd(alpha: number): number {
  const k = 1 / (MCC.sigmaD * Math.SQRT2);
  return 0.5 * (erf((alpha + DELTA_D / 2) * k) - erf((alpha - DELTA_D / 2) * k));
}

/** gd sampled on a fine grid of alpha in [-π, π] (lookup table). */
const GD_STEPS = 720;
const GD_TABLE = new Float32Array(GD_STEPS + 1);
for (let i = 0; i <= GD_STEPS; i++) GD_TABLE[i] = gd(-Math.PI + (2 * Math.PI * i) / GD_STEPS);
function gdLookup(alpha: number): number {
  return GD_TABLE[Math.round(((alpha + Math.PI) / (2 * Math.PI)) * GD_STEPS)]!;
}

const D_PHI = Array.from({ length: MCC.nd }, (_, k) => -Math.PI + (k + 0.5) * DELTA_D);

const cache = new WeakMap<FingerprintTemplate, CylinderSet>();

/** Builds (or returns the cached) cylinders of a template. */
export function cylindersOf(template: FingerprintTemplate): CylinderSet {
  const cached = cache.get(template);
  if (cached) return cached;
  const built = buildCylinders(template);
  cache.set(template, built);
  return built;
}

export function buildCylinders(template: FingerprintTemplate): CylinderSet {
  const scale = template.ppi > 0 ? 500 / template.ppi : 1;
  const count = template.minutiae.length;
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const angles = new Float64Array(count);
  template.minutiae.forEach((m, i) => {
    xs[i] = m.x * scale;
    ys[i] = m.y * scale;
    angles[i] = m.angle;
  });
  const hull = new HullTest(
    convexHull(template.minutiae.map((_, i) => ({ x: xs[i]!, y: ys[i]! }))),
    MCC.hullMargin,
  );
  const { ns, nd, radius } = MCC;
  const reach = 3 * MCC.sigmaS;
  const reach2 = reach * reach;
  const neighbourRange2 = (radius + reach) * (radius + reach);
  const gsScale = -1 / (2 * MCC.sigmaS * MCC.sigmaS);
  const cylinders: Cylinder[] = [];
  const minutiaIndex: number[] = [];
  const centre = (ns - 1) / 2;
  const cellValid = new Uint8Array(ns * ns);
  const values = new Float64Array(ns * ns * nd);
  const gd = new Float64Array(nd);
  for (let mi = 0; mi < count; mi++) {
    const mx = xs[mi]!;
    const my = ys[mi]!;
    const mAngle = angles[mi]!;
    const cos = Math.cos(mAngle);
    const sin = Math.sin(mAngle);
    // Valid cells: inside the cylinder radius and in the (enlarged) fingerprint area.
    let validCells = 0;
    for (let i = 0; i < ns; i++) {
      const a = (i - centre) * DELTA_S;
      for (let j = 0; j < ns; j++) {
        const b = (j - centre) * DELTA_S;
        const ok =
          a * a + b * b <= radius * radius && hull.contains(mx + a * cos - b * sin, my + a * sin + b * cos);
        cellValid[i * ns + j] = ok ? 1 : 0;
        if (ok) validCells += nd;
      }
    }
    if (validCells < MCC.minValidCells * CELLS) continue;
    values.fill(0);
    let contributors = 0;
    for (let o = 0; o < count; o++) {
      if (o === mi) continue;
      const dx = xs[o]! - mx;
      const dy = ys[o]! - my;
      if (dx * dx + dy * dy > neighbourRange2) continue;
      // Neighbour in the cylinder's frame; only cells within `reach` of it are visited.
      const na = dx * cos + dy * sin;
      const nb = -dx * sin + dy * cos;
      const i0 = Math.max(0, Math.ceil((na - reach) / DELTA_S + centre));
      const i1 = Math.min(ns - 1, Math.floor((na + reach) / DELTA_S + centre));
      const j0 = Math.max(0, Math.ceil((nb - reach) / DELTA_S + centre));
      const j1 = Math.min(ns - 1, Math.floor((nb + reach) / DELTA_S + centre));
      if (i0 > i1 || j0 > j1) continue;
      const rel = angleDiff(mAngle, angles[o]!);
      for (let k = 0; k < nd; k++) gd[k] = gdLookup(angleDiff(D_PHI[k]!, rel));
      let contributed = false;
      for (let i = i0; i <= i1; i++) {
        const da = na - (i - centre) * DELTA_S;
        for (let j = j0; j <= j1; j++) {
          if (!cellValid[i * ns + j]) continue;
          const db = nb - (j - centre) * DELTA_S;
          const d2 = da * da + db * db;
          if (d2 > reach2) continue;
          contributed = true;
          const gs = GS_NORM * Math.exp(d2 * gsScale);
          const base = (i * ns + j) * nd;
          for (let k = 0; k < nd; k++) values[base + k] = values[base + k]! + gs * gd[k]!;
        }
      }
      if (contributed) contributors++;
    }
    if (contributors < MCC.minContributors) continue;
    const bits = new Uint32Array(WORDS);
    const valid = new Uint32Array(WORDS);
    for (let cell = 0; cell < ns * ns; cell++) {
      if (!cellValid[cell]) continue;
      const base = cell * nd;
      for (let k = 0; k < nd; k++) {
        const c = base + k;
        valid[c >>> 5] = valid[c >>> 5]! | (1 << (c & 31));
        if (values[c]! > MCC.muPsi) bits[c >>> 5] = bits[c >>> 5]! | (1 << (c & 31));
      }
    }
    cylinders.push({ x: mx, y: my, angle: mAngle, bits, valid });
    minutiaIndex.push(mi);
  }
  return { cylinders, minutiaIndex, minutiaCount: count };
}

/**
 * Pen scripts for the STU simulator: a timeline of pen frames at the device's 200 Hz sampling
 * period (5 ms), in tablet units. A frame is a sample (pen in proximity, touching or hovering) or
 * `null` (pen away: the device sends nothing but its clock runs). Includes a deterministic,
 * human-looking scripted signature (approach, strokes with pressure ramps, hovers, lift-off) for
 * demos, training and tests.
 */

import { seededRandom } from '../../../../common/prng';
import type { PenSample } from '../protocol/pen-data';

export type PenFrame = PenSample | null;

export const samplePeriodMs = 5;

export interface TabletSize {
  tabletMaxX: number;
  tabletMaxY: number;
  tabletMaxPressure: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

function sample(tablet: TabletSize, x: number, y: number, pressure: number, touching: boolean): PenSample {
  return {
    rdy: true,
    sw: touching ? 1 : 0,
    pressure: touching ? clamp(pressure, 1, tablet.tabletMaxPressure) : 0,
    x: clamp(x, 0, tablet.tabletMaxX),
    y: clamp(y, 0, tablet.tabletMaxY),
  };
}

/** Pressure profile of one stroke: ramp in over ~25 ms, wander, ramp out over ~25 ms. */
function pressureAt(i: number, n: number, peak: number, wobble: number): number {
  const ramp = Math.min(1, (i + 1) / 5, (n - i) / 5);
  return peak * ramp * (0.85 + 0.15 * Math.sin(i / 7 + wobble));
}

export interface StrokeSpec {
  /** Path in normalised tablet coordinates (0..1) as a function of s in [0, 1]. */
  path: (s: number) => { x: number; y: number };
  durationMs: number;
}

/** One pen-down stroke preceded and followed by short hovers (proximity without contact). */
export function strokeFrames(
  tablet: TabletSize,
  spec: StrokeSpec,
  options: { peakPressure?: number; hoverMs?: number; wobble?: number } = {},
): PenFrame[] {
  const n = Math.max(2, Math.round(spec.durationMs / samplePeriodMs));
  const hover = Math.max(0, Math.round((options.hoverMs ?? 20) / samplePeriodMs));
  const peak = options.peakPressure ?? tablet.tabletMaxPressure * 0.6;
  const at = (s: number) => {
    const p = spec.path(s);
    return { x: p.x * tablet.tabletMaxX, y: p.y * tablet.tabletMaxY };
  };
  const frames: PenFrame[] = [];
  const start = at(0);
  const end = at(1);
  for (let i = 0; i < hover; i++) frames.push(sample(tablet, start.x, start.y - (hover - i) * 8, 0, false));
  for (let i = 0; i < n; i++) {
    const p = at(i / (n - 1));
    frames.push(sample(tablet, p.x, p.y, pressureAt(i, n, peak, options.wobble ?? 0), true));
  }
  for (let i = 1; i <= hover; i++) frames.push(sample(tablet, end.x, end.y - i * 8, 0, false));
  return frames;
}

/** The pen away from the pad for `ms` (no reports, device clock running). */
export function away(ms: number): PenFrame[] {
  return Array.from({ length: Math.max(0, Math.round(ms / samplePeriodMs)) }, () => null);
}

/** A straight stroke between two normalised points. */
export function line(
  tablet: TabletSize,
  from: { x: number; y: number },
  to: { x: number; y: number },
  durationMs = 200,
): PenFrame[] {
  return strokeFrames(tablet, {
    durationMs,
    path: (s) => ({ x: from.x + (to.x - from.x) * s, y: from.y + (to.y - from.y) * s }),
  });
}

export interface ScriptedSignature {
  frames: PenFrame[];
  /** Number of pen-down strokes in the script. */
  strokes: number;
  /** Number of frames with the tip down. */
  contactFrames: number;
}

/**
 * A cursive-looking signature: a looped capital, a wavy run of letters, a dot, and an underline
 * flourish (4 strokes), jittered by the seed. About 2.5 s of pen time at 200 Hz.
 */
export function scriptedSignature(tablet: TabletSize, seed = 1): ScriptedSignature {
  const rnd = seededRandom(seed);
  const j = (v: number, amount = 0.02) => v + (rnd() - 0.5) * amount;
  const x0 = j(0.12);
  const y0 = j(0.45);
  const specs: StrokeSpec[] = [
    {
      // Capital: a loop drawn clockwise then a descending tail.
      durationMs: 420,
      path: (s) => {
        const a = s * Math.PI * 2.4;
        return {
          x: x0 + 0.06 * Math.sin(a) + 0.05 * s,
          y: y0 - 0.12 * Math.cos(a) * (1 - 0.3 * s) + 0.08 * s,
        };
      },
    },
    {
      // Run of small letters: a damped wave moving right.
      durationMs: 1100,
      path: (s) => {
        const a = s * Math.PI * 12;
        return {
          x: x0 + 0.13 + 0.5 * s,
          y: y0 + 0.02 + 0.06 * Math.sin(a) * (1 - 0.4 * s) - 0.03 * Math.abs(Math.cos(a / 2)),
        };
      },
    },
    {
      // A dot over an i.
      durationMs: 30,
      path: (s) => ({ x: x0 + 0.42 + 0.004 * s, y: y0 - 0.1 }),
    },
    {
      // Underline flourish.
      durationMs: 600,
      path: (s) => ({ x: x0 + 0.02 + 0.7 * s, y: y0 + 0.2 + 0.04 * Math.sin(s * Math.PI) - 0.05 * s * s }),
    },
  ];
  const frames: PenFrame[] = [...away(60)];
  let contactFrames = 0;
  specs.forEach((spec, i) => {
    const stroke = strokeFrames(tablet, spec, {
      wobble: rnd() * 6,
      peakPressure: tablet.tabletMaxPressure * j(0.6, 0.2),
    });
    contactFrames += stroke.filter((f) => f !== null && (f.sw & 1) === 1).length;
    frames.push(...stroke);
    if (i < specs.length - 1) frames.push(...away(80 + Math.round(rnd() * 80)));
  });
  frames.push(...away(40));
  return { frames, strokes: specs.length, contactFrames };
}

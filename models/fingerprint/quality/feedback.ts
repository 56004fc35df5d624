/**
 * Actionable capture feedback derived from quality features: machine codes (English)
 * for the agent software, ordered by priority, with the direction to move the finger
 * when it is off-centre. Thresholds were set on FVC2002 DB1 (500 ppi optical) and are
 * heuristics, not NFIQ 2 feedback rules.
 */
import type { QualityFeatures } from './features';

export type FeedbackCode =
  | 'NO_FINGER'
  | 'TOO_LITTLE_AREA'
  | 'OFF_CENTRE'
  | 'TOO_LIGHT_PRESSURE'
  | 'TOO_DRY'
  | 'TOO_WET'
  | 'LOW_CLARITY'
  | 'TOO_FEW_MINUTIAE';

/** Where the person should move the finger (image coordinates: up = towards the top row). */
export type MoveDirection = 'left' | 'right' | 'up' | 'down';

export interface Feedback {
  readonly code: FeedbackCode;
  /** Only for OFF_CENTRE. */
  readonly move?: MoveDirection;
}

export const FEEDBACK_THRESHOLDS = {
  /** Below this foreground area (px at 500 ppi) nothing usable is on the sensor. */
  noFingerArea: 8000,
  /** NFIQ 2 uses 50,000 px for "sufficient foreground"; a plain index covers 55-100 k px here. */
  minArea: 45000,
  /** Centroid offset (fraction of the image size) beyond which the finger is off-centre. */
  maxCentroidOffset: 0.2,
  /** Share of a side touched by the print beyond which it is cut off on that side. */
  maxBorderContact: 0.5,
  /** Share of dark pixels below which ridges are thin and broken (dry or light touch). */
  dryRidgeShare: 0.33,
  /** Share of dark pixels above which ridges merge (wet or pressed too hard). */
  wetRidgeShare: 0.62,
  /** Ridge/valley separation (d') below which the image is unclear. */
  minClarity: 1.6,
  /** Area below which a light, thin-ridged print is attributed to light pressure. */
  lightPressureArea: 55000,
  minCoreMinutiae: 8,
} as const;

function offCentre(f: QualityFeatures): MoveDirection | undefined {
  const T = FEEDBACK_THRESHOLDS;
  const c = f.borderContact;
  const ox = f.centroidOffsetX;
  const oy = f.centroidOffsetY;
  // A print cut off by a side or the top edge while shifted towards it: move it back.
  // The bottom edge is normally crossed by the rest of the finger, so it only counts
  // through the centroid rule.
  const shifted = T.maxCentroidOffset / 2;
  if (c.left > T.maxBorderContact && ox < -shifted) return 'right';
  if (c.right > T.maxBorderContact && ox > shifted) return 'left';
  if (c.top > T.maxBorderContact && oy < -shifted) return 'down';
  if (Math.max(Math.abs(ox), Math.abs(oy)) <= T.maxCentroidOffset) return undefined;
  if (Math.abs(ox) >= Math.abs(oy)) return ox > 0 ? 'left' : 'right';
  return oy > 0 ? 'up' : 'down';
}

/** Feedback list, most important first; empty when nothing needs fixing. */
export function feedbackFor(f: QualityFeatures): Feedback[] {
  const T = FEEDBACK_THRESHOLDS;
  if (f.foregroundArea < T.noFingerArea || f.contrast < 3) return [{ code: 'NO_FINGER' }];
  const out: Feedback[] = [];
  const move = offCentre(f);
  if (move) out.push({ code: 'OFF_CENTRE', move });
  const thin = f.ridgeShare < T.dryRidgeShare;
  const merged = f.ridgeShare > T.wetRidgeShare;
  const unclear = f.clarity < T.minClarity;
  if (thin && f.foregroundArea < T.lightPressureArea) out.push({ code: 'TOO_LIGHT_PRESSURE' });
  else if (thin && unclear) out.push({ code: 'TOO_DRY' });
  if (merged && (unclear || f.meanGrey < 100)) out.push({ code: 'TOO_WET' });
  if (f.foregroundArea < T.minArea && !out.some((o) => o.code === 'TOO_LIGHT_PRESSURE')) {
    out.push({ code: 'TOO_LITTLE_AREA' });
  }
  if (
    unclear &&
    !out.some((o) => o.code === 'TOO_DRY' || o.code === 'TOO_WET' || o.code === 'TOO_LIGHT_PRESSURE')
  ) {
    out.push({ code: 'LOW_CLARITY' });
  }
  if (f.coreMinutiaeCount < T.minCoreMinutiae && out.length === 0) out.push({ code: 'TOO_FEW_MINUTIAE' });
  return out;
}

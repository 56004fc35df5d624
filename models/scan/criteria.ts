/**
 * The criteria a scanned paper photo adds to the portrait's: the resolution of the original
 * (ppi at which the print was sampled), halftone/moiré (a screened print instead of a
 * photographic one), dust specks in the token, a white border left in the token, and the photo's
 * skew on the glass (corrected, but told to the agent). Same result shape as the portrait's
 * criteria ({ id, value, threshold, status }); ids are stable (outside checks read them).
 */
import type { CriterionStatus, Threshold } from '../face/criteria/ids';

export const SCAN_CRITERION_IDS = [
  'scan_resolution',
  'halftone',
  'dust',
  'token_border',
  'scan_skew',
] as const;
export type ScanCriterionId = (typeof SCAN_CRITERION_IDS)[number];

export interface ScanCriterionResult {
  readonly id: ScanCriterionId;
  readonly value: number | null;
  readonly threshold: Threshold;
  readonly status: CriterionStatus;
}

export const SCAN_THRESHOLDS: Readonly<Record<ScanCriterionId, Threshold>> = {
  // ppi of the original print: ISO/IEC 19794-5 and the ANTS scanner profile ask for 300 at least
  scan_resolution: { min: 300 },
  // strongest spectral peak over its ring's median: on the simulator's prints of the 10 shared
  // portraits, photographic prints 4-59 at 300 dpi and 7-142 at 600 (two MEDS sources whose own
  // JPEG blocks print as a grid), 150 lpi halftones 217-1102 at 300 dpi and 1154-26790 at 600
  halftone: { max: 175 },
  // dust specks in the token, eyes excepted: 0-3 found on clean scans of the shared portraits
  // (moles, catchlights, hair ends), 7-18 with 1,000 specks on the glass
  dust: { max: 4 },
  // widest white band along a token edge, share of the token's side
  token_border: { max: 0.01 },
  // rotation of the photo on the glass, degrees (deskewed; beyond this the agent is told)
  scan_skew: { min: -5, max: 5 },
};

/** Mandatory for `compliant` (the skew is corrected, so it is advice only). */
export const SCAN_MANDATORY: readonly ScanCriterionId[] = [
  'scan_resolution',
  'halftone',
  'dust',
  'token_border',
];

export function judgeScan(id: ScanCriterionId, value: number | null): ScanCriterionResult {
  const threshold = SCAN_THRESHOLDS[id];
  const status: CriterionStatus =
    value === null || !Number.isFinite(value)
      ? 'not_assessed'
      : (threshold.min === undefined || value >= threshold.min) &&
          (threshold.max === undefined || value <= threshold.max)
        ? 'ok'
        : 'nok';
  const rounded = value === null || !Number.isFinite(value) ? null : Math.round(value * 1000) / 1000;
  return { id, value: rounded, threshold, status };
}

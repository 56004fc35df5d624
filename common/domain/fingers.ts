/**
 * The ten finger positions, one name for every layer: capture, SBI, chip DG3, dossiers, workflows and
 * the UI. ISO/IEC 19794-4 code order (code 1 = right thumb ... 10 = left little; code 0, "unknown",
 * exists only in chip records and is handled there).
 */
import { z } from 'zod';

export const FingerPosition = z.enum([
  'right-thumb',
  'right-index',
  'right-middle',
  'right-ring',
  'right-little',
  'left-thumb',
  'left-index',
  'left-middle',
  'left-ring',
  'left-little',
]);
export type FingerPosition = z.infer<typeof FingerPosition>;

/** The positions in ISO/IEC 19794-4 code order: `fingerPositions[code - 1]`. */
export const fingerPositions: readonly FingerPosition[] = FingerPosition.options;

/** French names of the fingers, as the agent says them to the applicant (UI and messages). */
export const fingerNamesFr: Record<FingerPosition, string> = {
  'right-thumb': 'pouce droit',
  'right-index': 'index droit',
  'right-middle': 'majeur droit',
  'right-ring': 'annulaire droit',
  'right-little': 'auriculaire droit',
  'left-thumb': 'pouce gauche',
  'left-index': 'index gauche',
  'left-middle': 'majeur gauche',
  'left-ring': 'annulaire gauche',
  'left-little': 'auriculaire gauche',
};

/**
 * The ten finger positions in ISO/IEC 19794-4 code order (code 1 = right thumb ... 10 = left little;
 * code 0 is "unknown"). The single list that drivers (capture, SBI, chip DG3) and dossiers share.
 */
export const isoFingerPositions = [
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
] as const;

export type IsoFingerPosition = (typeof isoFingerPositions)[number];

/**
 * The ten finger positions in ISO/IEC 19794-4 code order (code 1 = right thumb ... 10 = left little;
 * code 0 is "unknown"), as the contract defines them: the single list that drivers (capture, SBI,
 * chip DG3), dossiers and the workflows share.
 */
import { FingerPosition } from '../../../main/contract/application';

export const isoFingerPositions = FingerPosition.options;

export type IsoFingerPosition = (typeof isoFingerPositions)[number];

/** The BlazeFace models of the manifest (models/face/assets) and how each is decoded. */
import { fileURLToPath } from 'node:url';
import { BACK_ANCHORS, FRONT_ANCHORS, type SsdAnchorOptions } from './anchors';

/** Absolute path of the face model manifest (models fetched by scripts/fetch-models.mjs). */
export const FACE_MODEL_MANIFEST = fileURLToPath(new URL('../assets/manifest.json', import.meta.url));

export type BlazeFaceVariant = 'front' | 'back';

export interface BlazeFaceModel {
  readonly id: string;
  readonly variant: BlazeFaceVariant;
  readonly anchors: SsdAnchorOptions;
  readonly inputName: string;
  /** Outputs: scores and regressors of the 16x16 grid (512 anchors) then of the 8x8 grid (384). */
  readonly scoreOutputs: readonly [string, string];
  readonly regressorOutputs: readonly [string, string];
  /** MediaPipe's default minimum score for this model. */
  readonly minScore: number;
}

const OUTPUTS = {
  inputName: 'input:0',
  scoreOutputs: ['Identity:0', 'Identity_1:0'],
  regressorOutputs: ['Identity_2:0', 'Identity_3:0'],
} as const;

export const BLAZEFACE_MODELS: Record<BlazeFaceVariant, BlazeFaceModel> = {
  front: { id: 'blazeface-front-128', variant: 'front', anchors: FRONT_ANCHORS, minScore: 0.5, ...OUTPUTS },
  back: { id: 'blazeface-back-256', variant: 'back', anchors: BACK_ANCHORS, minScore: 0.5, ...OUTPUTS },
};

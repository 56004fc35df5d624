/**
 * The dense face mesh of a detected face: MediaPipe Face Mesh (468 points with depth) on an
 * upright crop of the BlazeFace box, refined by a second pass on the crop the first mesh gives,
 * then MediaPipe Iris on each eye (5 iris points and 71 eye-contour points). Models run through an
 * InferenceRunner (worker thread in the device host); points come back in picture pixels, z in
 * the same pixel scale (smaller = nearer the camera).
 */

import { rotatedBox } from '../../imaging/rotated-box';
import type { InferenceRunner } from '../../runtime/index';
import type { Detection, Point } from '../detector/types';
import type { RgbImage } from '../image/rgb-image';
import { type CropFrame, cropTensor, fromCrop } from './crop';
import { MESH } from './mesh-indices';

export const FACE_MESH_MODEL = {
  id: 'facemesh-468',
  size: 192,
  input: 'input_1',
  mesh: 'Identity_2',
  faceFlag: 'Identity_1',
} as const;
export const IRIS_MODEL = { id: 'iris-landmark', size: 64, input: 'input_1', output: 'Identity' } as const;

export interface Point3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface EyeLandmarks {
  /** Iris centre and 4 iris boundary points. */
  readonly iris: readonly Point[];
  /** The iris model's 71 eye/brow contour points. */
  readonly contour: readonly Point[];
}

export interface FaceMeshResult {
  readonly points: readonly Point3[];
  /** Face presence score of the mesh model (0..1). */
  readonly faceScore: number;
  readonly rightEye: EyeLandmarks | null;
  readonly leftEye: EyeLandmarks | null;
  /** The crop the final mesh was computed on. */
  readonly crop: CropFrame;
}

/** Crop scale around the face box / mesh extent (MediaPipe uses 1.5 around the detection). */
const BOX_SCALE = 1.6;
const MESH_SCALE = 1.5;
/** Eye crop side, in eye-corner distances (MediaPipe Iris: 2.3). */
const EYE_SCALE = 2.3;
/** Which eye the iris model is fed mirrored (both fit the iris alike on the shared portraits). */
const IRIS_MIRRORS_RIGHT = false;

/** The initial crop: the detection box, upright along the BlazeFace eye line. */
export function cropFromDetection(d: Detection): CropFrame {
  const { rightEye, leftEye } = d.keypoints;
  return {
    centre: { x: d.box.x + d.box.width / 2, y: d.box.y + d.box.height / 2 },
    side: Math.max(d.box.width, d.box.height) * BOX_SCALE,
    angle: Math.atan2(leftEye.y - rightEye.y, leftEye.x - rightEye.x),
  };
}

/** The refined crop: the mesh's extent in its own upright frame. */
export function cropFromMesh(points: readonly Point3[]): CropFrame {
  const r = points[MESH.rightEyeOuter]!;
  const l = points[MESH.leftEyeOuter]!;
  const angle = Math.atan2(l.y - r.y, l.x - r.x);
  const box = rotatedBox(points, angle);
  return {
    centre: box.centre,
    side: Math.max(box.width, box.height) * MESH_SCALE,
    angle,
  };
}

export class FaceMesh {
  readonly #runner: InferenceRunner;

  constructor(runner: InferenceRunner) {
    this.#runner = runner;
  }

  async #mesh(image: RgbImage, crop: CropFrame): Promise<{ points: Point3[]; faceScore: number }> {
    const m = FACE_MESH_MODEL;
    const out = await this.#runner.run(m.id, {
      [m.input]: { data: cropTensor(image, crop, m.size), dims: [1, m.size, m.size, 3] },
    });
    const raw = out[m.mesh]!.data;
    const scale = crop.side / m.size;
    const points: Point3[] = [];
    for (let i = 0; i + 2 < raw.length; i += 3) {
      const p = fromCrop(crop, m.size, { x: raw[i]!, y: raw[i + 1]! });
      points.push({ x: p.x, y: p.y, z: raw[i + 2]! * scale });
    }
    // the model's face flag is already a probability (its graph ends with a sigmoid)
    return { points, faceScore: out[m.faceFlag]!.data[0]! };
  }

  async #eye(
    image: RgbImage,
    points: readonly Point3[],
    corners: readonly [number, number],
    angle: number,
    mirrored: boolean,
  ): Promise<EyeLandmarks | null> {
    const a = points[corners[0]]!;
    const b = points[corners[1]]!;
    const dist = Math.hypot(b.x - a.x, b.y - a.y);
    if (dist < 2) return null;
    // upright along the face's eye line (both eyes share it)
    const crop: CropFrame = {
      centre: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
      side: dist * EYE_SCALE,
      angle,
      mirrored,
    };
    const m = IRIS_MODEL;
    const out = await this.#runner.run(m.id, {
      [m.input]: { data: cropTensor(image, crop, m.size), dims: [1, m.size, m.size, 3] },
    });
    const raw = out[m.output]!.data;
    const pts: Point[] = [];
    for (let i = 0; i + 2 < raw.length; i += 3)
      pts.push(fromCrop(crop, m.size, { x: raw[i]!, y: raw[i + 1]! }));
    return { contour: pts.slice(0, 71), iris: pts.slice(71, 76) };
  }

  /** Mesh and irises of one detected face; null when the mesh model sees no face. */
  async run(image: RgbImage, detection: Detection): Promise<FaceMeshResult | null> {
    const first = await this.#mesh(image, cropFromDetection(detection));
    const crop = cropFromMesh(first.points);
    const second = await this.#mesh(image, crop);
    const final = cropFromMesh(second.points);
    const right = [MESH.rightEyeOuter, MESH.rightEyeInner] as const;
    const left = [MESH.leftEyeOuter, MESH.leftEyeInner] as const;
    const rightEye = await this.#eye(image, second.points, right, final.angle, IRIS_MIRRORS_RIGHT);
    const leftEye = await this.#eye(image, second.points, left, final.angle, !IRIS_MIRRORS_RIGHT);
    return { points: second.points, faceScore: second.faceScore, rightEye, leftEye, crop };
  }
}

/**
 * The portrait verdict: decode, detect (BlazeFace through an InferenceRunner), refine the eyes,
 * derive the geometry, run every criterion, and decide `compliant` from the mandatory ones.
 * `PortraitChecker` holds a detector (build it once per process / worker with its runner);
 * `checkPortrait()` uses a shared in-thread one for the CLI and scripts.
 */
import { createInThreadRunner, type InferenceRunner } from '../runtime/index';
import { type PortraitConfig, type PortraitConfigOverrides, resolveConfig } from './config';
import { type MeasureContext, measureContext } from './criteria/context';
import {
  centringCriterion,
  eyePositionCriterion,
  faceCountCriterion,
  headSizeCriterion,
  headWidthCriterion,
  interEyeDistanceCriterion,
  marginsCriterion,
  pitchCriterion,
  rollCriterion,
  yawCriterion,
} from './criteria/geometric';
import { CRITERION_IDS, type CriterionResult, LANDMARK_CRITERIA } from './criteria/ids';
import { landmarkCriteria } from './criteria/landmark';
import {
  dynamicRangeCriterion,
  exposureCriterion,
  illuminationSymmetryCriterion,
  naturalColourCriterion,
} from './criteria/photometric';
import { colourSpaceCriterion, imageSizeCriterion } from './criteria/source';
import { backgroundUniformityCriterion, compressionCriterion, sharpnessCriterion } from './criteria/texture';
import { BlazeFaceDetector } from './detector/blazeface';
import { FACE_MODEL_MANIFEST } from './detector/models';
import type { Detection } from './detector/types';
import { refineEyes } from './geometry/eye-refine';
import { type FaceGeometry, faceGeometry, withLandmarks } from './geometry/face-geometry';
import { fromRgbFrame, type LoadedPortrait, loadPortrait } from './image/load';
import { lumaPlane, type Rect, type RgbImage } from './image/rgb-image';
import { MeshLandmarkProvider } from './landmarks/mesh-provider';
import type { LandmarkAssessment, LandmarkProvider, LandmarkValues } from './landmarks/provider';
import type { FaceReport, PortraitReport } from './report';

export type PortraitInput = string | Uint8Array | RgbImage | LoadedPortrait;

export interface CheckOptions {
  /**
   * The part of the picture that becomes the portrait (e.g. the 3:4 target region of a camera
   * frame); geometric ratios are measured in it. Default: the whole picture.
   */
  readonly frame?: Rect;
  /** Full-resolution pixels per analysed pixel, when checking a downscaled preview (IED, image size). */
  readonly pixelScale?: number;
  /**
   * full (default): every criterion. live: skips background_uniformity (optional, costly at every
   * frame; the final check on the captured frame computes it). geometry: detection, geometry and
   * exposure only (the cheapest loop for the overlay).
   */
  readonly mode?: 'full' | 'live' | 'geometry';
}

export interface PortraitAnalysis {
  readonly report: PortraitReport;
  readonly image: RgbImage;
  readonly geometry: FaceGeometry | null;
}

export interface PortraitCheckerOptions {
  readonly runner: InferenceRunner;
  readonly config?: PortraitConfigOverrides;
  readonly landmarks?: LandmarkProvider;
}

function isRgbImage(x: PortraitInput): x is RgbImage {
  return typeof x === 'object' && !(x instanceof Uint8Array) && 'data' in x && 'width' in x;
}

async function toLoaded(input: PortraitInput): Promise<LoadedPortrait> {
  if (typeof input === 'string' || input instanceof Uint8Array) return loadPortrait(input);
  return isRgbImage(input) ? fromRgbFrame(input) : input;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const rp = (p: { x: number; y: number }) => ({ x: r2(p.x), y: r2(p.y) });

function faceReport(d: Detection, g: FaceGeometry, refined: boolean, detections: number): FaceReport {
  const k = d.keypoints;
  return {
    box: { x: r2(d.box.x), y: r2(d.box.y), width: r2(d.box.width), height: r2(d.box.height) },
    score: r2(d.score),
    keypoints: {
      rightEye: rp(k.rightEye),
      leftEye: rp(k.leftEye),
      noseTip: rp(k.noseTip),
      mouth: rp(k.mouth),
      rightEar: rp(k.rightEar),
      leftEar: rp(k.leftEar),
    },
    eyes: { right: rp(g.rightEye), left: rp(g.leftEye) },
    eyesRefined: refined,
    ied: r2(g.ied),
    rollDeg: r2(g.rollDeg),
    yawDeg: r2(g.yawDeg),
    pitchDeg: r2(g.pitchDeg),
    poseSource: g.poseSource,
    chin: rp(g.chin),
    crown: rp(g.crown),
    headWidth: r2(g.headWidth),
    headHeight: r2(g.headHeight),
    detections,
  };
}

/** Runs every criterion (pure functions) for one picture and its main face. */
export function evaluateCriteria(
  loaded: LoadedPortrait,
  ctx: MeasureContext,
  detections: readonly Detection[],
  config: PortraitConfig,
  landmarks: LandmarkValues | null,
  options: CheckOptions = {},
): CriterionResult[] {
  const t = config.thresholds;
  const g = ctx.geometry;
  const frame = options.frame ?? { left: 0, top: 0, width: loaded.image.width, height: loaded.image.height };
  const scale = options.pixelScale ?? 1;
  const mode = options.mode ?? 'full';
  const face = mode !== 'geometry';
  const background = mode === 'full';
  const results: CriterionResult[] = [
    faceCountCriterion(
      detections.map((d) => d.box),
      config.detector.secondFaceMinAreaRatio,
      t.face_count,
    ),
    interEyeDistanceCriterion(g, t.inter_eye_distance, scale),
    rollCriterion(g, t.roll),
    yawCriterion(g, t.yaw),
    pitchCriterion(g, t.pitch, config.assessPitch || g?.poseSource === 'landmarks'),
    centringCriterion(g, frame, t.centring_horizontal),
    eyePositionCriterion(g, frame, t.eye_position_vertical),
    headSizeCriterion(g, frame, t.head_size),
    headWidthCriterion(g, frame, t.head_width),
    marginsCriterion(g, frame, t.margins),
    face ? sharpnessCriterion(ctx, t.sharpness) : skipped('sharpness', config),
    exposureCriterion(ctx, t.exposure),
    face ? dynamicRangeCriterion(ctx, t.dynamic_range) : skipped('dynamic_range', config),
    face
      ? illuminationSymmetryCriterion(ctx, t.illumination_symmetry)
      : skipped('illumination_symmetry', config),
    face ? naturalColourCriterion(ctx, t.natural_colour) : skipped('natural_colour', config),
    background
      ? backgroundUniformityCriterion(ctx, t.background_uniformity)
      : skipped('background_uniformity', config),
    face ? compressionCriterion(ctx, t.compression) : skipped('compression', config),
    imageSizeCriterion(
      { width: frame.width * scale, height: frame.height * scale },
      config.token,
      t.image_size,
    ),
    colourSpaceCriterion(loaded.info, t.colour_space),
    ...landmarkCriteria(landmarks, t),
  ];
  // stable order: the order of CRITERION_IDS
  return CRITERION_IDS.map((id) => results.find((r) => r.id === id)!);
}

function skipped(id: CriterionResult['id'], config: PortraitConfig): CriterionResult {
  return { id, value: null, threshold: config.thresholds[id], status: 'not_assessed' };
}

export function isCompliant(criteria: readonly CriterionResult[], config: PortraitConfig): boolean {
  return config.mandatory.every((id) => criteria.find((c) => c.id === id)?.status === 'ok');
}

export class PortraitChecker {
  readonly config: PortraitConfig;
  readonly #detector: BlazeFaceDetector;
  readonly #landmarks: LandmarkProvider | undefined;

  constructor(options: PortraitCheckerOptions) {
    const config = resolveConfig(options.config);
    // without a landmark model, mouth_closed cannot be ok: it leaves `compliant` (the operator checks it)
    const landmarkIds: readonly string[] = LANDMARK_CRITERIA;
    this.config = options.landmarks
      ? config
      : { ...config, mandatory: config.mandatory.filter((id) => !landmarkIds.includes(id)) };
    this.#detector = new BlazeFaceDetector(options.runner, {
      variant: this.config.detector.variant,
      minScore: this.config.detector.minScore,
    });
    this.#landmarks = options.landmarks;
  }

  /** Loads and warms the detector model up. */
  warmUp(): Promise<void> {
    return this.#detector.warmUp();
  }

  async analyse(input: PortraitInput, options: CheckOptions = {}): Promise<PortraitAnalysis> {
    const start = performance.now();
    const loaded = await toLoaded(input);
    const image = loaded.image;
    const detections = await this.#detector.detect(image);
    const main = [...detections].sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
    const luma = { width: image.width, height: image.height, data: lumaPlane(image) };
    let geometry: FaceGeometry | null = null;
    let face: FaceReport | null = null;
    let landmarkValues: LandmarkValues | null = null;
    if (main) {
      const eyes = refineEyes(luma, main.keypoints.rightEye, main.keypoints.leftEye);
      geometry = faceGeometry(main.keypoints, eyes, this.config.anthropometry);
      const assessment: LandmarkAssessment | null =
        this.#landmarks && options.mode !== 'geometry'
          ? await this.#landmarks.assess(image, main, geometry)
          : null;
      if (assessment) {
        geometry = withLandmarks(geometry, assessment);
        landmarkValues = assessment.values;
      }
      face = faceReport(main, geometry, eyes.refined, detections.length);
    }
    const ctx = measureContext(image, geometry, luma);
    const criteria = evaluateCriteria(loaded, ctx, detections, this.config, landmarkValues, options);
    const report: PortraitReport = {
      compliant: isCompliant(criteria, this.config),
      criteria,
      face,
      ms: Math.round((performance.now() - start) * 10) / 10,
    };
    return { report, image, geometry };
  }

  async check(input: PortraitInput, options: CheckOptions = {}): Promise<PortraitReport> {
    return (await this.analyse(input, options)).report;
  }
}

let shared: { runner: InferenceRunner; checkers: Map<string, PortraitChecker> } | undefined;

function sharedChecker(config?: PortraitConfigOverrides): PortraitChecker {
  shared ??= { runner: createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] }), checkers: new Map() };
  const key = JSON.stringify(config ?? {});
  let checker = shared.checkers.get(key);
  if (!checker) {
    const landmarks = new MeshLandmarkProvider(shared.runner);
    checker = new PortraitChecker({ runner: shared.runner, landmarks, ...(config ? { config } : {}) });
    shared.checkers.set(key, checker);
  }
  return checker;
}

/**
 * One-call verdict for the CLI and scripts (in-thread inference, model loaded once per process).
 * Throws PortraitInputError for an unreadable input.
 */
export function checkPortrait(
  input: PortraitInput,
  config?: PortraitConfigOverrides,
  options?: CheckOptions,
): Promise<PortraitReport> {
  return sharedChecker(config).check(input, options);
}

/** Like checkPortrait, also returning the decoded picture and the geometry (for the token). */
export function analysePortrait(
  input: PortraitInput,
  config?: PortraitConfigOverrides,
  options?: CheckOptions,
): Promise<PortraitAnalysis> {
  return sharedChecker(config).analyse(input, options);
}

/** Releases the shared in-thread runner (tests, end of a script). */
export async function disposeSharedChecker(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.runner.close();
}

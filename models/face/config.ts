/**
 * Portrait configuration: thresholds of every criterion (defaults: BSI TR-03121-3 Vol. 2 v6.0,
 * live capture), which criteria are mandatory for `compliant`, the token (output) geometry, and the
 * detector settings. All defaults in one place so that the review panel can show where each
 * threshold comes from.
 */

import type { CriterionId, Threshold } from './criteria/ids';
import type { BlazeFaceVariant } from './detector/models';
import { type AnthropometricModel, DEFAULT_ANTHROPOMETRY } from './geometry/face-geometry';

export interface TokenGeometry {
  /** Output size (BSI live capture: 1244 x 1600, i.e. 35 x 45 mm at ~900 dpi). */
  readonly width: number;
  readonly height: number;
  /** Eye line from the top, as a fraction of the height (BSI: 0.30-0.50). */
  readonly eyeLineRatio: number;
  /** Inter-eye distance as a fraction of the width (0.25 x 1244 = 311 px >= 300, the ISO/IEC 19794-5 token ratio). */
  readonly iedRatio: number;
}

export interface PortraitConfig {
  readonly thresholds: Readonly<Record<CriterionId, Threshold>>;
  /** `compliant` = every mandatory criterion is ok. */
  readonly mandatory: readonly CriterionId[];
  /**
   * Pitch from six keypoints is indicative only (see README of models/face): its value is reported
   * but its status stays not_assessed unless this is set.
   */
  readonly assessPitch: boolean;
  readonly token: TokenGeometry;
  readonly detector: {
    readonly variant: BlazeFaceVariant;
    readonly minScore: number;
    /** A second face counts when its box area is at least this fraction of the largest face's. */
    readonly secondFaceMinAreaRatio: number;
  };
  readonly anthropometry: AnthropometricModel;
}

export const DEFAULT_THRESHOLDS: Readonly<Record<CriterionId, Threshold>> = {
  face_count: { min: 1, max: 1 },
  // BSI TR-03121-3 Vol. 2, live capture
  inter_eye_distance: { min: 300 },
  roll: { min: -8, max: 8 },
  // BSI asks a pose within 5 deg; the mesh's estimate of a frontal head carries a few degrees of
  // its own (an image and its mirror differ by up to 2.2 deg in yaw; frontal shared portraits read
  // pitch -9..+6, as the six keypoints do): 8 / 10 deg keep a frontal pose ok and still catch a
  // head turned or bent (profile, head down: beyond 15 deg)
  yaw: { min: -8, max: 8 },
  pitch: { min: -10, max: 10 },
  centring_horizontal: { min: 0.45, max: 0.55 },
  eye_position_vertical: { min: 0.3, max: 0.5 },
  head_size: { min: 0.6, max: 0.9 },
  head_width: { min: 0.5, max: 0.75 },
  // smallest distance from the estimated head box to a border, in head widths/heights
  margins: { min: 0 },
  // Crete-Roffet blur (0 sharp .. 1 flat) of the face at <= 100 px IED; calibrated on the shared
  // portraits (sharp 0.29-0.67 incl. 2-4x upscaled ones, blurred >= 0.77), see scripts/eval-portrait.ts
  sharpness: { max: 0.7 },
  // 98th percentile of face luma (Rec. 601, 0..255): highlights too dark, or > 2 % of the face clipped
  exposure: { min: 100, max: 250 },
  // bits of luma spread on the face: log2(p99.5 - p0.5 + 1); ISO/IEC 19794-5 asks for 7 bits
  dynamic_range: { min: 6.5 },
  // histogram intersection of luma, left vs right cheek zones (OFIQ IlluminationUniformity, raw)
  illumination_symmetry: { min: 0.45 },
  // CIELAB distance of the cheek colour outside a* 5..25, b* 5..35 (OFIQ NaturalColour ranges)
  natural_colour: { max: 8 },
  // mean Sobel magnitude of the background at IED 50 px (luma units per pixel)
  background_uniformity: { max: 3 },
  // JPEG blockiness: gradient across 8x8 block boundaries / gradient inside blocks
  compression: { max: 1.35 },
  // min(width / 1244, height / 1600)
  image_size: { min: 1 },
  // bits per pixel of the source (24-bit sRGB)
  colour_space: { min: 24, max: 24 },
  // landmark criteria (MediaPipe Face Mesh + Iris, models/face/landmarks), calibrated on the shared
  // portraits (see README of models/face): eyelid opening / eye-to-chin (open eyes 0.045-0.085)
  eyes_open: { min: 0.025 },
  // largest inner-lip gap / eye-to-chin (closed 0.007-0.041, smiling open lips 0.07-0.16)
  mouth_closed: { max: 0.05 },
  // neutrality 0..1: emotion network, teeth shown, raised mouth corners
  expression: { min: 0.5 },
  // share of near-white pixels in the eye regions (catchlights stay under 0.3 %)
  glasses_glare: { max: 0.01 },
  // share of the forehead band that does not show skin
  head_covering: { max: 0.6 },
  // eyes' horizontal direction vs the camera axis, degrees (frontal shared portraits: 1-9)
  gaze: { max: 15 },
};

/**
 * Mandatory criteria: BSI's mandatory list (roll, geometry, exposure, focus, colour space,
 * density, mouth closed) plus a single face and compression. Mouth closed needs the landmark
 * model: a PortraitChecker built without one leaves it out of `compliant` (not_assessed, never
 * ok), and the operator checks it on the review panel.
 */
export const DEFAULT_MANDATORY: readonly CriterionId[] = [
  'face_count',
  'inter_eye_distance',
  'roll',
  'centring_horizontal',
  'eye_position_vertical',
  'head_size',
  'head_width',
  'margins',
  'sharpness',
  'exposure',
  'dynamic_range',
  'compression',
  'image_size',
  'colour_space',
  'mouth_closed',
];

export const DEFAULT_PORTRAIT_CONFIG: PortraitConfig = {
  thresholds: DEFAULT_THRESHOLDS,
  mandatory: DEFAULT_MANDATORY,
  assessPitch: false,
  token: { width: 1244, height: 1600, eyeLineRatio: 0.45, iedRatio: 0.25 },
  detector: { variant: 'front', minScore: 0.5, secondFaceMinAreaRatio: 0.05 },
  anthropometry: DEFAULT_ANTHROPOMETRY,
};

export interface PortraitConfigOverrides {
  readonly thresholds?: Partial<Record<CriterionId, Threshold>>;
  readonly mandatory?: readonly CriterionId[];
  readonly assessPitch?: boolean;
  readonly token?: Partial<TokenGeometry>;
  readonly detector?: Partial<PortraitConfig['detector']>;
  readonly anthropometry?: Partial<AnthropometricModel>;
}

/**
 * The checker's settings for a portrait that already is an ISO/IEC 19794-5 token (a scanned paper
 * photo's token, an e-photo record), judged by ISO sizes rather than the BSI live-capture ones.
 */
export const ISO_TOKEN_PORTRAIT_CONFIG: PortraitConfigOverrides = {
  // ICAO 9303 part 3: at least 90 pixels between the eye centres
  thresholds: { inter_eye_distance: { min: 90 } },
  // image_size is then judged against the smallest ISO token with a 90 px IED (360 x 480)
  token: { width: 360, height: 480 },
};

export function resolveConfig(
  overrides: PortraitConfigOverrides = {},
  base = DEFAULT_PORTRAIT_CONFIG,
): PortraitConfig {
  return {
    thresholds: { ...base.thresholds, ...overrides.thresholds },
    mandatory: overrides.mandatory ?? base.mandatory,
    assessPitch: overrides.assessPitch ?? base.assessPitch,
    token: { ...base.token, ...overrides.token },
    detector: { ...base.detector, ...overrides.detector },
    anthropometry: { ...base.anthropometry, ...overrides.anthropometry },
  };
}

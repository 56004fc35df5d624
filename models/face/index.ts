/**
 * Public API of the portrait module (ICAO / BSI TR-03121 portrait quality): the verdict
 * (`checkPortrait`, `PortraitChecker`), the token portrait (`makeTokenPortrait`), live guidance
 * (`guidance`, `BurstSelector`), the criterion ids and the configuration with its defaults.
 * Inference goes through models/runtime (pass a worker runner in the device host).
 */

export type { BurstFrame, BurstSelectorOptions } from './burst';
export { BurstSelector, frameRank } from './burst';
export type { CheckOptions, PortraitAnalysis, PortraitCheckerOptions, PortraitInput } from './check';
export { analysePortrait, checkPortrait, disposeSharedChecker, isCompliant, PortraitChecker } from './check';
export type { PortraitConfig, PortraitConfigOverrides, TokenGeometry } from './config';
export {
  DEFAULT_MANDATORY,
  DEFAULT_PORTRAIT_CONFIG,
  DEFAULT_THRESHOLDS,
  ISO_TOKEN_PORTRAIT_CONFIG,
  resolveConfig,
} from './config';
export type {
  CriterionId,
  CriterionResult,
  CriterionStatus,
  LandmarkCriterionId,
  Threshold,
} from './criteria/ids';
export { CRITERION_IDS, LANDMARK_CRITERIA } from './criteria/ids';
export type { FaceDetectorOptions } from './detector/blazeface';
export { BlazeFaceDetector } from './detector/blazeface';
export { FACE_MODEL_MANIFEST } from './detector/models';
export type { Box, Detection, FaceKeypoints, Point } from './detector/types';
export { PortraitInputError } from './errors';
export type { GuidanceCode, LiveGuidance } from './guidance';
export { GUIDANCE_MESSAGES_FR, guidance } from './guidance';
export type { LoadedPortrait, SourceInfo } from './image/load';
export { fromRgbFrame, loadPortrait } from './image/load';
export type { Rect, RgbImage } from './image/rgb-image';
export { createRgbImage } from './image/rgb-image';
export { MeshLandmarkProvider } from './landmarks/mesh-provider';
export type { LandmarkAssessment, LandmarkProvider, LandmarkValues } from './landmarks/provider';
export type { FaceReport, PortraitReport } from './report';
export type { TokenFace, TokenOptions, TokenPortrait } from './token';
export { makeTokenPortrait } from './token';

/**
 * Public API of the fingerprint module: load an image, extract a minutiae template,
 * compare two templates (score + calibrated threshold), fuse multi-finger scores,
 * assess capture quality with actionable feedback, and encode/parse ISO/IEC 19794-2:2005
 * finger minutiae records.
 */
import { registerBuiltInDecoders } from './formats/builtin-decoders';

registerBuiltInDecoders();

export {
  encodeFingerImageRecord2011,
  type FingerImageRecord,
  parseFingerImageRecord,
} from './formats/iso19794-4';
export { FingerRecordError } from './formats/record-error';
export type { FingerprintImageDecoder } from './image/decoders';
export { registerImageDecoder, UnsupportedImageFormatError } from './image/decoders';
export type { GreyImage } from './image/grey-image';
export { createGreyImage, InvalidImageError, STANDARD_PPI } from './image/grey-image';
export type { LoadOptions } from './image/load';
export { ImageDecodeError, loadFingerprintImage } from './image/load';
export { resampleToPpi } from './image/resample';
export type { ComparisonResult } from './matcher/compare';
export { compareTemplates } from './matcher/compare';
export type { FusionRule } from './matcher/fusion';
export { fuseScores } from './matcher/fusion';
export { FINGERPRINT_MATCH_THRESHOLD, FUSED_MEAN_MATCH_THRESHOLD } from './matcher/threshold';
export type { FingerprintAnalysis } from './minutiae/extract';
export { analyzeFingerprint, extractTemplate, templateFromAnalysis } from './minutiae/extract';
export type { FingerprintTemplate, Minutia, MinutiaType } from './minutiae/types';
export type { QualityAssessment } from './quality/assess';
export { assessAnalysis, assessQuality } from './quality/assess';
export type { Feedback, FeedbackCode, MoveDirection } from './quality/feedback';
export { FEEDBACK_MESSAGES_FR, feedbackMessageFr } from './quality/messages-fr';
export type {
  EncodeOptions,
  IsoFingerRecord,
  IsoFingerView,
  IsoTemplateErrorCode,
} from './template/iso19794-2';
export { encodeIso19794_2, IsoTemplateError, parseIso19794_2, parseIsoTemplate } from './template/iso19794-2';

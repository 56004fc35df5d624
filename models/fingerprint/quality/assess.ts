/**
 * Quality assessment entry point: runs (or reuses) the extraction analysis and returns
 * the 0-100 score, its components, the raw features and the actionable feedback.
 */
import type { GreyImage } from '../image/grey-image';
import { analyzeFingerprint, type FingerprintAnalysis } from '../minutiae/extract';
import { computeQualityFeatures, type QualityFeatures } from './features';
import { type Feedback, feedbackFor } from './feedback';
import { type QualityComponents, qualityComponents, qualityScore } from './score';

export interface QualityAssessment {
  /** 0 (unusable) .. 100 (excellent). */
  readonly score: number;
  readonly components: QualityComponents;
  readonly features: QualityFeatures;
  /** Most important first; empty when the capture needs no correction. */
  readonly feedback: Feedback[];
}

export function assessAnalysis(analysis: FingerprintAnalysis): QualityAssessment {
  const features = computeQualityFeatures(analysis);
  return {
    score: qualityScore(features),
    components: qualityComponents(features),
    features,
    feedback: feedbackFor(features),
  };
}

export function assessQuality(image: GreyImage): QualityAssessment {
  return assessAnalysis(analyzeFingerprint(image));
}

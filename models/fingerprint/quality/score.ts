/**
 * Unified 0-100 quality score from the quality features: a hand-weighted combination of
 * area, orientation certainty, clarity, frequency-domain energy, central and reliable minutiae,
 * damped by ridge-valley non-uniformity. NFIQ 2 combines 69 features with a trained
 * random forest; this score follows its features but NOT its model, so its values are
 * not comparable with NFIQ 2 thresholds (e.g. BSI TR-03121's 30/20/10).
 */
import type { QualityFeatures } from './features';

function ramp(v: number, lo: number, hi: number): number {
  return v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo);
}

export interface QualityComponents {
  readonly area: number;
  readonly orientationCertainty: number;
  readonly clarity: number;
  readonly frequencyEnergy: number;
  readonly coreMinutiae: number;
  readonly reliableMinutiae: number;
  readonly uniformity: number;
}

export function qualityComponents(f: QualityFeatures): QualityComponents {
  return {
    area: ramp(f.foregroundArea, 25000, 75000),
    orientationCertainty: ramp(f.orientationCertainty, 0.3, 0.8),
    clarity: ramp(f.clarity, 1.0, 2.8),
    frequencyEnergy: ramp(f.frequencyEnergy, 0.25, 0.7),
    coreMinutiae: ramp(f.coreMinutiaeCount, 3, 20),
    reliableMinutiae: ramp(f.reliableMinutiaeCount, 3, 25),
    uniformity: 1 - ramp(Math.abs(f.ridgeShare - 0.47), 0.1, 0.25),
  };
}

export function qualityScore(f: QualityFeatures): number {
  const c = qualityComponents(f);
  const base =
    0.15 * c.area +
    0.25 * c.orientationCertainty +
    0.25 * c.clarity +
    0.15 * c.frequencyEnergy +
    0.2 * c.coreMinutiae;
  return Math.round(100 * base * (0.6 + 0.4 * c.uniformity));
}

/**
 * The figures the evaluation harness reports for one list of genuine and impostor scores:
 * EER (with its FVC interval), FNMR at FMR 1 %, 0.1 % and 0.01 %, and at zero FMR, each with
 * the threshold that reaches it.
 */
import { equalErrorRate, fnmrAtFmr } from './metrics';

export interface OperatingPoint {
  readonly threshold: number;
  readonly fmr: number;
  readonly fnmr: number;
}

export interface RateSummary {
  readonly genuine: number;
  readonly impostor: number;
  readonly eer: number;
  readonly eerInterval: readonly [number, number];
  readonly eerThreshold: number;
  readonly fnmrAtFmr1: OperatingPoint;
  readonly fnmrAtFmr01: OperatingPoint;
  readonly fnmrAtFmr001: OperatingPoint;
  readonly fnmrAtZeroFmr: OperatingPoint;
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

export function summarizeRates(genuine: readonly number[], impostor: readonly number[]): RateSummary {
  const eer = equalErrorRate(genuine, impostor);
  const point = (target: number): OperatingPoint => {
    const e = fnmrAtFmr(genuine, impostor, target);
    return { threshold: round(e.threshold, 5), fmr: round(e.fmr, 5), fnmr: round(e.fnmr, 5) };
  };
  return {
    genuine: genuine.length,
    impostor: impostor.length,
    eer: round(eer.eer, 5),
    eerInterval: [round(eer.low, 5), round(eer.high, 5)],
    eerThreshold: round(eer.threshold, 5),
    fnmrAtFmr1: point(0.01),
    fnmrAtFmr01: point(0.001),
    fnmrAtFmr001: point(0.0001),
    fnmrAtZeroFmr: point(0),
  };
}

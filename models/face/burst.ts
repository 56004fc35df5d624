/**
 * Auto-capture helper: keeps the best frame of a burst (BSI best-of rule: most mandatory criteria
 * ok, then most optional criteria ok, then the latest) and says when to capture: once every
 * mandatory criterion has held for a stability window (a time span and a number of frames).
 */
import { DEFAULT_MANDATORY } from './config';
import type { CriterionId } from './criteria/ids';
import type { PortraitReport } from './report';

export interface BurstFrame<T> {
  readonly report: PortraitReport;
  readonly frame: T;
  /** Capture time, milliseconds (monotonic). */
  readonly at: number;
}

export interface BurstSelectorOptions {
  readonly mandatory?: readonly CriterionId[];
  /** How long every mandatory criterion must hold before auto-capture (default 600 ms). */
  readonly stableMs?: number;
  /** And over at least this many consecutive frames (default 5). */
  readonly stableFrames?: number;
}

/** [mandatory ok, optional ok] counts of a verdict. */
export function frameRank(
  report: PortraitReport,
  mandatory: readonly CriterionId[] = DEFAULT_MANDATORY,
): [number, number] {
  let m = 0;
  let o = 0;
  for (const c of report.criteria) {
    if (c.status !== 'ok') continue;
    if (mandatory.includes(c.id)) m++;
    else o++;
  }
  return [m, o];
}

export class BurstSelector<T> {
  readonly #mandatory: readonly CriterionId[];
  readonly #stableMs: number;
  readonly #stableFrames: number;
  #best: (BurstFrame<T> & { rank: [number, number] }) | undefined;
  #streakStart: number | undefined;
  #streakFrames = 0;

  constructor(options: BurstSelectorOptions = {}) {
    this.#mandatory = options.mandatory ?? DEFAULT_MANDATORY;
    this.#stableMs = options.stableMs ?? 600;
    this.#stableFrames = options.stableFrames ?? 5;
  }

  /** Adds a frame; returns true when auto-capture should fire (stability window reached). */
  push(frame: BurstFrame<T>): boolean {
    const rank = frameRank(frame.report, this.#mandatory);
    const best = this.#best;
    // ties go to the latest frame
    if (!best || rank[0] > best.rank[0] || (rank[0] === best.rank[0] && rank[1] >= best.rank[1])) {
      this.#best = { ...frame, rank };
    }
    if (
      rank[0] === this.#mandatory.length &&
      this.#mandatory.every((id) => frame.report.criteria.some((c) => c.id === id))
    ) {
      this.#streakStart ??= frame.at;
      this.#streakFrames++;
    } else {
      this.#streakStart = undefined;
      this.#streakFrames = 0;
    }
    return this.ready(frame.at);
  }

  /** Whether every mandatory criterion has held for the stability window as of `now`. */
  ready(now: number): boolean {
    return (
      this.#streakStart !== undefined &&
      this.#streakFrames >= this.#stableFrames &&
      now - this.#streakStart >= this.#stableMs
    );
  }

  /** The best frame so far (undefined before the first push). */
  best(): BurstFrame<T> | undefined {
    const b = this.#best;
    return b ? { report: b.report, frame: b.frame, at: b.at } : undefined;
  }

  reset(): void {
    this.#best = undefined;
    this.#streakStart = undefined;
    this.#streakFrames = 0;
  }
}

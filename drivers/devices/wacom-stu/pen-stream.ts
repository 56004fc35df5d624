/**
 * From STU pen input reports to PenPoints: decodes each report, unwraps the device's 16-bit
 * millisecond counter into a monotonic time (host arrival time disambiguates wraps after long pen
 * absences), detects dropped reports from sequence-number gaps, and counts malformed reports.
 * Without option mode (plain PenData) times are host arrival times and drops are undetectable.
 */
import type { PenPoint, SignatureCaptureStats } from '../../core/capabilities';
import { FrameError } from '../../core/errors';
import { decodePenReport, type PenSample, tipDown } from './protocol/pen-data';

export interface SequenceGap {
  /** Sequence number expected next. */
  expected: number;
  /** Sequence number received. */
  received: number;
  missing: number;
}

export interface PenStreamEvent {
  /** Present when the pen is in proximity. */
  point?: PenPoint;
  gap?: SequenceGap;
  malformed?: FrameError;
  /** Duplicate or out-of-order report (sequence behind the last one): ignored. */
  stale?: boolean;
  /** Device sequence number of the report, when the mode carries one. */
  sequence?: number;
}

const wrap = 0x10000;

export class PenStreamDecoder {
  private lastSequence: number | undefined;
  private lastTimeCount: number | undefined;
  private lastHostMs = 0;
  private deviceMs = 0;
  private firstHostMs: number | undefined;
  private counters = { points: 0, reportsReceived: 0, reportsDropped: 0, gaps: 0, malformedReports: 0 };

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Restarts the counters (after a clear) while keeping the clock and sequence continuity. */
  resetStats(): void {
    this.counters = { points: 0, reportsReceived: 0, reportsDropped: 0, gaps: 0, malformedReports: 0 };
  }

  stats(): SignatureCaptureStats {
    return { ...this.counters };
  }

  accept(bytes: Uint8Array): PenStreamEvent {
    let decoded: ReturnType<typeof decodePenReport>;
    try {
      decoded = decodePenReport(bytes);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      this.counters.malformedReports++;
      return { malformed: error };
    }
    const host = this.now();
    this.counters.reportsReceived++;
    const event: PenStreamEvent = {};
    let t: number;
    if (decoded.kind === 'pen-timed') {
      const { sequence, timeCount } = decoded.sample;
      event.sequence = sequence;
      if (this.lastSequence !== undefined) {
        const expected = (this.lastSequence + 1) % wrap;
        const ahead = (sequence - expected + wrap) % wrap;
        if (ahead >= wrap / 2) {
          this.counters.reportsReceived--;
          return { stale: true, sequence };
        }
        if (ahead > 0) {
          event.gap = { expected, received: sequence, missing: ahead };
          this.counters.gaps++;
          this.counters.reportsDropped += ahead;
        }
      }
      this.lastSequence = sequence;
      t = this.unwrap(timeCount, host);
    } else {
      // No device clock: host arrival time relative to the first report.
      this.firstHostMs ??= host;
      t = Math.round(host - this.firstHostMs);
    }
    this.lastHostMs = host;
    const sample: PenSample = decoded.sample;
    if (sample.rdy) {
      event.point = { x: sample.x, y: sample.y, pressure: sample.pressure, inContact: tipDown(sample), t };
      this.counters.points++;
    }
    return event;
  }

  /** Device ms since the first timed report, monotonic across 16-bit wraps. */
  private unwrap(timeCount: number, host: number): number {
    if (this.lastTimeCount === undefined) {
      this.lastTimeCount = timeCount;
      this.deviceMs = 0;
      return 0;
    }
    const delta = (timeCount - this.lastTimeCount + wrap) % wrap;
    const hostDelta = host - this.lastHostMs;
    const wraps = Math.max(0, Math.round((hostDelta - delta) / wrap));
    this.deviceMs += delta + wraps * wrap;
    this.lastTimeCount = timeCount;
    return this.deviceMs;
  }
}

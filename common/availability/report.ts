/**
 * The day report of availability: from the recorded minutes of a day and its opening hours, the
 * minutes per state, the minutes per cause and the availability ratio ((ready + degraded) / opening
 * minutes). Pure; the CLI, the simulated day, the statistics screen and the daily summary dossier
 * all compute their figures here.
 *
 * Which opening minutes count: those already elapsed (before `nowMinute`) and not before the
 * ledger's first record (a station installed at noon is not blamed for the morning). An elapsed
 * opening minute without a record counts as `down` / `station-not-running`: the station was not
 * there to record it (the restart normally writes these minutes itself; this covers a station
 * that has not restarted yet).
 */
import type {
  AvailabilityReport,
  AvailabilityState,
  MinuteCause,
  MinuteRecord,
} from '../domain/availability';
import { type OpeningHours, openingRanges } from './calendar';

export interface ReportOptions {
  /** Minutes at or after this one are not elapsed yet (default: the whole day counts). */
  nowMinute?: number;
  /** The ledger's first recorded minute (minutes before it are not counted). */
  firstMinute?: number;
}

const causeKey = (c: MinuteCause, state: AvailabilityState) =>
  `${state}\u0000${c.cause}\u0000${c.device ?? ''}\u0000${c.host ?? ''}`;

export function dayReport(
  date: string,
  hours: OpeningHours,
  records: Iterable<MinuteRecord>,
  options: ReportOptions = {},
): AvailabilityReport {
  const byMinute = new Map<number, MinuteRecord>();
  for (const r of records) byMinute.set(r.minute, r);
  const minutes = { ready: 0, degraded: 0, down: 0 };
  const causes = new Map<string, AvailabilityReport['causes'][number]>();
  const add = (c: MinuteCause, state: 'degraded' | 'down') => {
    const key = causeKey(c, state);
    const entry = causes.get(key);
    if (entry) entry.minutes++;
    else
      causes.set(key, {
        cause: c.cause,
        state,
        minutes: 1,
        ...(c.device ? { device: c.device } : {}),
        ...(c.host ? { host: c.host } : {}),
      });
  };
  const end = options.nowMinute ?? Number.POSITIVE_INFINITY;
  const start = options.firstMinute ?? Number.NEGATIVE_INFINITY;
  let opening = 0;
  for (const [from, to] of openingRanges(date, hours)) {
    for (let m = Math.max(from, start); m < Math.min(to, end); m++) {
      opening++;
      const record = byMinute.get(m);
      if (!record) {
        minutes.down++;
        add({ cause: 'station-not-running' }, 'down');
        continue;
      }
      minutes[record.state]++;
      if (record.state !== 'ready') for (const c of record.causes) add(c, record.state);
    }
  }
  const sorted = [...causes.values()].sort(
    (a, b) => b.minutes - a.minutes || a.cause.localeCompare(b.cause) || a.state.localeCompare(b.state),
  );
  return {
    date,
    minutes,
    causes: sorted,
    availability: opening === 0 ? 1 : round((minutes.ready + minutes.degraded) / opening),
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

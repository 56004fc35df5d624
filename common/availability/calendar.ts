/**
 * Opening hours: which epoch minutes a town hall is open, in its time zone. The station records
 * availability only during these minutes, and a day's report counts them as its opening minutes.
 *
 * Opening hours are a list of local intervals per weekday (`"09:00-12:00"`, end excluded). Local
 * times are turned into UTC through the zone's offset at that moment (Intl, no tz database of our
 * own); a daylight-saving change happens at night in France, never inside an opening interval.
 */
import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const OpeningInterval = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    error: 'expected an interval "HH:MM-HH:MM" (e.g. "09:00-12:00")',
  })
  .refine((s) => toMinutes(s.slice(0, 5)) < toMinutes(s.slice(6)), {
    error: 'expected the end after the start',
  });
const Day = z.array(OpeningInterval).max(8);

export const OpeningHours = z
  .object({
    timeZone: z
      .string()
      .refine(validZone, { error: 'expected an IANA time zone such as "Europe/Paris"' })
      .default('Europe/Paris'),
    sun: Day.default([]),
    mon: Day.default(['09:00-17:00']),
    tue: Day.default(['09:00-17:00']),
    wed: Day.default(['09:00-17:00']),
    thu: Day.default(['09:00-17:00']),
    fri: Day.default(['09:00-17:00']),
    sat: Day.default([]),
  })
  .strict();
export type OpeningHours = z.output<typeof OpeningHours>;

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

export function localTime(ms: number, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(ms)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The zone's offset (local - UTC, ms) at instant `ms`. */
function offsetAt(ms: number, zone: string): number {
  const { date, minuteOfDay } = localTime(ms, zone);
  const local = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return local + minuteOfDay * 60_000 - Math.floor(ms / 60_000) * 60_000;
}

/** The UTC instant of local `date` at `minuteOfDay` in the zone. */
export function utcOf(date: string, minuteOfDay: number, zone: string): number {
  const naive =
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) +
    minuteOfDay * 60_000;
  const first = naive - offsetAt(naive, zone);
  return naive - offsetAt(first, zone);
}

export const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function weekdayOf(date: string): Weekday {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return WEEKDAYS[day]!;
}

/** The opening intervals of `date` as epoch-minute ranges [from, to). */
export function openingRanges(date: string, hours: OpeningHours): [number, number][] {
  return hours[weekdayOf(date)].map((interval) => [
    utcOf(date, toMinutes(interval.slice(0, 5)), hours.timeZone) / 60_000,
    utcOf(date, toMinutes(interval.slice(6)), hours.timeZone) / 60_000,
  ]);
}

export function openingMinuteCount(date: string, hours: OpeningHours): number {
  return openingRanges(date, hours).reduce((n, [from, to]) => n + (to - from), 0);
}

/** Whether the town hall is open during epoch minute `minute`. */
export function isOpen(minute: number, hours: OpeningHours): boolean {
  const { date } = localTime(minute * 60_000, hours.timeZone);
  return openingRanges(date, hours).some(([from, to]) => minute >= from && minute < to);
}

/** The local date after `date` (YYYY-MM-DD). */
export function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Every opening minute in [from, to), oldest first. */
export function openingMinutesBetween(from: number, to: number, hours: OpeningHours): number[] {
  const out: number[] = [];
  if (to <= from) return out;
  let date = localTime(from * 60_000, hours.timeZone).date;
  const last = localTime((to - 1) * 60_000, hours.timeZone).date;
  for (;;) {
    for (const [a, b] of openingRanges(date, hours))
      for (let m = Math.max(a, from); m < Math.min(b, to); m++) out.push(m);
    if (date >= last) break;
    date = nextDate(date);
  }
  return out;
}

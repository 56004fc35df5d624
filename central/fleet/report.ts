/**
 * The fleet report (issue 21, part 4): from the stations' daily summaries over a period, the
 * availability of each station and of the fleet against the 99.7 % target, availability per day,
 * the causes with the minutes they cost, the stations silent for N days, the configuration versions
 * in force and the station certificates expiring soon. Pure: the CLI (`recueil central fleet`) and
 * the HTML page (html.ts) both render this.
 *
 * Availability is (ready + degraded) / opening minutes, summed over the station-days of the period
 * (so a long day weighs more than a short one). A down minute is a minute lost; a degraded minute
 * is counted available but its causes are listed too.
 */
import type { AvailabilityCause } from '../../common/domain/availability';
import type { DailySummary } from '../../common/domain/daily-summary';

export const FLEET_TARGET = 0.997;

export interface Figures {
  openingMinutes: number;
  ready: number;
  degraded: number;
  down: number;
  /** (ready + degraded) / opening minutes; null without any opening minute. */
  availability: number | null;
}

export interface StationLine extends Figures {
  stationId: string;
  days: number;
  meetsTarget: boolean | null;
  lastSummary: string | null;
  configVersion: number | null;
  certificateExpiresAt: string | null;
}

export interface FleetReport {
  from: string;
  to: string;
  target: number;
  fleet: Figures & { stations: number; meetingTarget: number };
  perDay: ({ date: string; stations: number } & Figures)[];
  stations: StationLine[];
  causes: { cause: AvailabilityCause; minutesLost: number; minutesDegraded: number; stations: number }[];
  silent: { stationId: string; lastSummary: string | null; silentDays: number | null }[];
  configVersions: { version: number | null; stations: string[] }[];
  certificatesExpiring: { stationId: string; expiresAt: string; daysLeft: number }[];
}

export interface FleetOptions {
  from: string;
  to: string;
  /** Today (YYYY-MM-DD) and now: what "silent" and "expiring" are measured from. */
  today: string;
  now: number;
  /** Stations known to the central (enrolled), with or without summaries. */
  stations: readonly string[];
  /** A station without a summary for this many days is silent. */
  silentDays: number;
  /** A certificate expiring within this many days is listed. */
  certificateWarnDays: number;
}

const DAY_MS = 86_400_000;
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

function figures(summaries: readonly DailySummary[]): Figures {
  const f = { openingMinutes: 0, ready: 0, degraded: 0, down: 0 };
  for (const s of summaries) {
    f.openingMinutes += s.openingMinutes;
    f.ready += s.minutes.ready;
    f.degraded += s.minutes.degraded;
    f.down += s.minutes.down;
  }
  return {
    ...f,
    availability: f.openingMinutes === 0 ? null : round((f.ready + f.degraded) / f.openingMinutes),
  };
}

function groupBy<K>(items: readonly DailySummary[], key: (s: DailySummary) => K): Map<K, DailySummary[]> {
  const map = new Map<K, DailySummary[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

/** The report over [from, to]; `summaries` may hold other days (the latest ones say what is in force). */
export function fleetReport(all: readonly DailySummary[], options: FleetOptions): FleetReport {
  const inPeriod = all.filter((s) => s.date >= options.from && s.date <= options.to);
  const ids = [...new Set([...options.stations, ...all.map((s) => s.stationId)])].sort();
  const latest = new Map<string, DailySummary>();
  for (const s of all) {
    const seen = latest.get(s.stationId);
    if (!seen || seen.date < s.date) latest.set(s.stationId, s);
  }
  const byStation = groupBy(inPeriod, (s) => s.stationId);
  const stations: StationLine[] = ids.map((stationId) => {
    const f = figures(byStation.get(stationId) ?? []);
    const last = latest.get(stationId);
    return {
      stationId,
      days: byStation.get(stationId)?.length ?? 0,
      ...f,
      meetsTarget: f.availability === null ? null : f.availability >= FLEET_TARGET,
      lastSummary: last?.date ?? null,
      configVersion: last?.configVersion ?? null,
      certificateExpiresAt: last?.stationCertificateExpiresAt ?? null,
    };
  });
  const perDay = [...groupBy(inPeriod, (s) => s.date)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => ({ date, stations: list.length, ...figures(list) }));

  const causes = new Map<AvailabilityCause, { lost: number; degraded: number; stations: Set<string> }>();
  for (const s of inPeriod)
    for (const c of s.causes) {
      const entry = causes.get(c.cause) ?? { lost: 0, degraded: 0, stations: new Set<string>() };
      if (c.state === 'down') entry.lost += c.minutes;
      else entry.degraded += c.minutes;
      entry.stations.add(s.stationId);
      causes.set(c.cause, entry);
    }

  const versions = groupBy(
    ids.flatMap((id) => (latest.has(id) ? [latest.get(id)!] : [])),
    (s) => s.configVersion,
  );
  const fleet = figures(inPeriod);
  return {
    from: options.from,
    to: options.to,
    target: FLEET_TARGET,
    fleet: {
      ...fleet,
      stations: ids.length,
      meetingTarget: stations.filter((s) => s.meetsTarget === true).length,
    },
    perDay,
    stations,
    causes: [...causes]
      .map(([cause, e]) => ({
        cause,
        minutesLost: e.lost,
        minutesDegraded: e.degraded,
        stations: e.stations.size,
      }))
      .sort(
        (a, b) =>
          b.minutesLost - a.minutesLost ||
          b.minutesDegraded - a.minutesDegraded ||
          a.cause.localeCompare(b.cause),
      ),
    silent: stations
      .map((s) => ({
        stationId: s.stationId,
        lastSummary: s.lastSummary,
        silentDays: s.lastSummary === null ? null : daysBetween(s.lastSummary, options.today),
      }))
      .filter((s) => s.silentDays === null || s.silentDays >= options.silentDays),
    configVersions: [...versions]
      .map(([version, list]) => ({ version, stations: list.map((s) => s.stationId).sort() }))
      .sort((a, b) => (b.version ?? -1) - (a.version ?? -1)),
    certificatesExpiring: stations
      .filter((s) => s.certificateExpiresAt !== null)
      .map((s) => ({
        stationId: s.stationId,
        expiresAt: s.certificateExpiresAt!,
        daysLeft: Math.floor((Date.parse(s.certificateExpiresAt!) - options.now) / DAY_MS),
      }))
      .filter((c) => c.daysLeft <= options.certificateWarnDays)
      .sort((a, b) => a.daysLeft - b.daysLeft),
  };
}

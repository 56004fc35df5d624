/**
 * What `recueil availability` runs (main/cli/availability.ts registers it): the day report of the
 * availability ledger, read from the station's `availability.sqlite` without starting the station.
 */
import { join } from 'node:path';
import { DATE_RE, localTime, openingRanges } from '../../common/availability/calendar';
import { dayReport } from '../../common/availability/report';
import { type AvailabilityReport, causeLabels } from '../../common/domain/availability';
import { loadConfigFile, type StationConfig } from '../services/config';
import { UsageError } from './usage-error';

/** Loaded on first use: `recueil --help` loads no SQLite. */
const ledgerStore = () => import('../../sync/store/availability');

export function parseDate(value: string | undefined, flag = '--date'): string | undefined {
  if (value === undefined) return undefined;
  if (!DATE_RE.test(value) || Number.isNaN(Date.parse(`${value}T12:00:00Z`)))
    throw new UsageError(`${flag}: expected a date YYYY-MM-DD (e.g. 2026-12-07), got "${value}"`);
  return value;
}

/** The day report of `date` (default: today) from the ledger in the station's data folder. */
export async function ledgerDayReport(config: StationConfig, date?: string): Promise<AvailabilityReport> {
  const { AvailabilityLedger, LEDGER_FILE } = await ledgerStore();
  const hours = config.availability.openingHours;
  const ledger = AvailabilityLedger.openReadonly(join(config.dataDir, LEDGER_FILE));
  try {
    const last = ledger?.lastMinute();
    // A simulated clock may have run ahead of real time: "now" is then just after the last minute.
    const systemNow = Math.floor(Date.now() / 60_000);
    const nowMinute = last !== undefined ? Math.max(systemNow, last + 1) : systemNow;
    const day = date ?? localTime(nowMinute * 60_000, hours.timeZone).date;
    const ranges = openingRanges(day, hours);
    const from = Math.min(nowMinute, ...ranges.map((r) => r[0]));
    const to = Math.max(nowMinute, ...ranges.map((r) => r[1]));
    const records = ledger?.range(from, to) ?? [];
    return dayReport(day, hours, records, { nowMinute, firstMinute: ledger?.firstMinute() ?? nowMinute });
  } finally {
    ledger?.close();
  }
}

const percent = (x: number) => `${(x * 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} %`;

export function reportText(report: AvailabilityReport): string {
  const { ready, degraded, down } = report.minutes;
  const lines = [
    `Disponibilité du ${report.date} : ${percent(report.availability)}`,
    `  prêt ${ready} min, dégradé ${degraded} min, indisponible ${down} min`,
  ];
  for (const c of report.causes) {
    const which = c.device ? ` (${c.device})` : c.host ? ` (processus ${c.host})` : '';
    const state = c.state === 'down' ? 'indisponible' : 'dégradé';
    lines.push(`  ${causeLabels[c.cause]}${which} : ${c.minutes} min ${state} [${c.cause}]`);
  }
  return lines.join('\n');
}

export async function runAvailability(options: {
  config: string;
  date?: string;
  json?: boolean;
}): Promise<void> {
  const date = parseDate(options.date);
  const report = await ledgerDayReport(loadConfigFile(options.config), date);
  console.log(options.json ? JSON.stringify(report) : reportText(report));
}

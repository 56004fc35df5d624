/**
 * `recueil central fleet` (issue 21 contract): the fleet report from the stations' daily summaries.
 *   recueil central fleet --config DIR/central.json [--from D --to D] [--silent-days N]
 *                         [--certificate-days N] --json | --html FILE
 * Without dates the period is the 30 days up to today (UTC). `--json` prints the report
 * (central/fleet/report.ts); `--html FILE` writes the self-contained page and prints its path; with
 * neither, a short French text. Summary files that do not validate are named on stderr and left out.
 * Exit 2: a bad date or number, `--from` after `--to`.
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { causeLabels } from '../../common/domain/availability';
import { fleetHtml } from '../fleet/html';
import { type FleetReport, fleetReport } from '../fleet/report';
import { loadCentralConfig } from '../server/config';
import { DailySummaries } from '../store';
import { CentralUsageError, runCommand } from './usage';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function date(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new CentralUsageError(`${flag}: expected a date YYYY-MM-DD (e.g. 2026-12-07), got "${value}"`);
  return value;
}

function days(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 3650)
    throw new CentralUsageError(`${flag}: expected a whole number of days from 0 to 3650, got "${value}"`);
  return n;
}

const shift = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const pct = (x: number | null) =>
  x === null ? '—' : `${(x * 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} %`;

function text(report: FleetReport): string {
  const lines = [
    `Parc du ${report.from} au ${report.to} : ${pct(report.fleet.availability)} (objectif ${pct(report.target)}), ${report.fleet.meetingTarget}/${report.fleet.stations} postes à l’objectif`,
  ];
  for (const s of report.stations)
    lines.push(`  ${s.stationId} : ${pct(s.availability)} sur ${s.days} jour(s), ${s.down} min perdues`);
  for (const c of report.causes.slice(0, 5))
    lines.push(
      `  cause ${causeLabels[c.cause]} [${c.cause}] : ${c.minutesLost} min perdues, ${c.minutesDegraded} min dégradées`,
    );
  for (const s of report.silent)
    lines.push(`  silencieux : ${s.stationId} (dernier résumé ${s.lastSummary ?? 'jamais'})`);
  return lines.join('\n');
}

export function registerFleetCommands(program: Command): void {
  program
    .command('fleet')
    .description('availability of each station and of the fleet from the daily summaries (99.7 % target)')
    .requiredOption('--config <file>', 'central.json')
    .option('--from <YYYY-MM-DD>', 'first day (default: 29 days before --to)')
    .option('--to <YYYY-MM-DD>', 'last day (default: today, UTC)')
    .option('--silent-days <n>', 'a station without a summary for N days is silent', '2')
    .option('--certificate-days <n>', 'list station certificates expiring within N days', '30')
    .option('--json', 'JSON output')
    .option('--html <file>', 'write the report as a self-contained HTML page')
    .action(
      (options: {
        config: string;
        from?: string;
        to?: string;
        silentDays: string;
        certificateDays: string;
        json?: boolean;
        html?: string;
      }) =>
        runCommand(async () => {
          const now = new Date();
          const today = now.toISOString().slice(0, 10);
          const to = date('--to', options.to) ?? today;
          const from = date('--from', options.from) ?? shift(to, -29);
          if (from > to) throw new CentralUsageError(`--from: ${from} is after --to ${to}`);
          const silentDays = days('--silent-days', options.silentDays);
          const certificateWarnDays = days('--certificate-days', options.certificateDays);
          const config = loadCentralConfig(options.config);
          const { summaries, problems } = await new DailySummaries(config.dataDir).list();
          for (const p of problems) console.error(`summary refused: ${p.file}: ${p.problem}`);
          const report = fleetReport(summaries, {
            from,
            to,
            today,
            now: now.getTime(),
            stations: config.stations.map((s) => s.id),
            silentDays,
            certificateWarnDays,
          });
          if (options.html) {
            await fs.writeFile(options.html, fleetHtml(report, now));
            if (!options.json) console.log(`fleet report written to ${resolve(options.html)}`);
          }
          if (options.json) console.log(JSON.stringify(report));
          else if (!options.html) console.log(text(report));
        }),
    );
}

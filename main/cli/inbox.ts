/**
 * `recueil inbox --config station.json [--json]`: pulls the central's messages and prints the
 * station's open complement requests and available titles (a contract used by outside checks).
 *   --json  { "requests": [{ "request", "dossier", "part", "reason", "deadline" }], "titles": [],
 *             "statuses": [{ "dossier", "status", "reason"?, "at" }] }
 * Exit 0 when pulled; 3 when nothing could be pulled now (offline, the central refused, or the
 * station's sync process is pulling): the output is then what was pulled before, the reason on stderr.
 * Each accepted or refused message is written to the audit log (`inbox.message`) by this command
 * when the station is not running, else by the running station (main/services/audit/inbox.ts).
 */
import type { Command } from 'commander';
import type { StationContext } from '../../sync/api';

const syncApi = () => import('../../sync/api');

/** Writes the inbox's unaudited journal to the audit log, unless the running station owns it. */
export async function auditInboxFromCli(station: StationContext): Promise<void> {
  const { acquireStationLock, StationLockedError } = await import('../services/station-lock');
  const { auditDir, auditInboxJournal, openAuditLog } = await import('../services/audit');
  let lock: Awaited<ReturnType<typeof acquireStationLock>>;
  try {
    lock = await acquireStationLock(station.config.dataDir);
  } catch (error) {
    if (error instanceof StationLockedError) return; // the running station drains the journal
    throw error;
  }
  try {
    const audit = await openAuditLog(auditDir(station.config.dataDir));
    try {
      await auditInboxJournal(audit, station.outbox.inbox, {
        onRefused: (entry) =>
          console.error(
            `message du système central refusé (${entry.reason ?? 'inconnu'})${entry.messageSeq ? ` n° ${entry.messageSeq}` : ''}`,
          ),
      });
    } finally {
      await audit.close();
    }
  } finally {
    await lock.release();
  }
}

export function registerInboxCommands(program: Command): void {
  program
    .command('inbox')
    .description("pull the central's messages; print the open complement requests and available titles")
    .requiredOption('--config <file>', 'station.json')
    .option('--json', 'JSON output: {"requests", "titles", "statuses"}')
    .action(async (options: { config: string; json?: boolean }) => {
      const api = await syncApi();
      const station = await api.openStation(options.config);
      try {
        const { view, notPulled } = await api.pullInbox(station);
        await auditInboxFromCli(station);
        if (options.json) console.log(JSON.stringify(view));
        else {
          console.log(
            `${view.requests.length} demande(s) de recueil complémentaire, ${view.titles.length} titre(s) disponible(s)`,
          );
          for (const r of view.requests)
            console.log(
              `  ${r.request} dossier ${r.dossier} : ${r.part} (${r.reason}) avant le ${r.deadline.slice(0, 10)}`,
            );
        }
        if (notPulled) {
          console.error(notPulled.message);
          process.exitCode = 3;
        }
      } finally {
        station.close();
      }
    });
}

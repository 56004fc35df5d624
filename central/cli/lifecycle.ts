/**
 * `recueil central list|status|set-status|request-complement`: the instruction centre's side of a
 * dossier's life after its receipt (a contract used by outside checks: flags and output shapes stay).
 *   recueil central list --config central.json [--status S] --json
 *       [{ "dossier", "kind", "status" }, ...]
 *   recueil central status --config central.json --dossier ID --json
 *       { "dossier", "status", "history": [{ "status", "at", "reason"?, "request"? }, ...] }
 *   recueil central set-status --config central.json --dossier ID --status S [--reason CODE] [--json]
 *       moves the dossier (instruction, title_produced, rejected with a reason code...)
 *   recueil central request-complement --config central.json --dossier ID
 *       --part portrait|fingerprints|signature --reason CODE [--days N] --json     { "request": RID }
 * Every change is announced to the dossier's station as a signed message. A bad value, an unknown
 * dossier and a move the status does not allow exit 2 with the reason.
 */
import type { Command } from 'commander';
import { ComplementPart, DossierStatus, StatusReason } from '../../common/domain/dossier-status';
import { isUuidV7 } from '../../sync/dossier';
import { LifecycleRefused } from '../store/dossier-lifecycle';
import { CentralUsageError, oneOf, runCommand } from './usage';
import { withCentralStore } from './with-store';

function dossierOption(value: string): string {
  if (!isUuidV7(value))
    throw new CentralUsageError(`--dossier: expected a dossier id (UUIDv7), got ${value}`);
  return value;
}

function reasonOption(value: string | undefined): string | undefined {
  if (value !== undefined && !StatusReason.safeParse(value).success)
    throw new CentralUsageError(
      `--reason: expected a reason code (lower-case words joined by dashes, e.g. photo-non-conforme), got ${value}`,
    );
  return value;
}

function daysOption(value: string | undefined): number {
  if (value === undefined) return 30;
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > 366)
    throw new CentralUsageError(`--days: expected a whole number of days from 1 to 366, got ${value}`);
  return days;
}

/** A refused change is a usage error: its message names the dossier and what is allowed. */
function refusedAsUsage<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof LifecycleRefused) throw new CentralUsageError(error.message);
    throw error;
  }
}

export function registerLifecycleCommands(program: Command): void {
  program
    .command('list')
    .description("the dossiers the central holds, with each one's status")
    .requiredOption('--config <file>', 'central.json')
    .option('--status <status>', `only this status (${DossierStatus.options.join(', ')})`)
    .option('--json', 'JSON output: [{"dossier", "kind", "status"}]')
    .action((options: { config: string; status?: string; json?: boolean }) =>
      runCommand(async () => {
        const status = oneOf('--status', options.status, DossierStatus.options);
        const list = await withCentralStore(options.config, (store) => store.lifecycle.list(status));
        if (options.json) console.log(JSON.stringify(list));
        else for (const entry of list) console.log(`${entry.dossier} ${entry.kind} ${entry.status}`);
      }),
    );

  program
    .command('status')
    .description("a dossier's status and history")
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--dossier <id>', 'the dossier id')
    .option('--json', 'JSON output: {"dossier", "status", "history"}')
    .action((options: { config: string; dossier: string; json?: boolean }) =>
      runCommand(async () => {
        const dossier = dossierOption(options.dossier);
        const view = await withCentralStore(options.config, (store) => store.lifecycle.status(dossier));
        if (!view) throw new CentralUsageError(`--dossier: unknown dossier ${dossier}`);
        if (options.json) console.log(JSON.stringify(view));
        else {
          console.log(`${view.dossier} ${view.status}`);
          for (const change of view.history)
            console.log(`  ${change.at} ${change.status}${change.reason ? ` (${change.reason})` : ''}`);
        }
      }),
    );

  program
    .command('set-status')
    .description('move a dossier to its next status (as the instruction centre does)')
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--dossier <id>', 'the dossier id')
    .requiredOption('--status <status>', DossierStatus.options.join(', '))
    .option('--reason <code>', 'reason code (required to reject)')
    .option('--json', 'JSON output: {"dossier", "status", "history"}')
    .action((options: { config: string; dossier: string; status: string; reason?: string; json?: boolean }) =>
      runCommand(async () => {
        const dossier = dossierOption(options.dossier);
        const status = oneOf('--status', options.status, DossierStatus.options)!;
        const reason = reasonOption(options.reason);
        const view = await withCentralStore(options.config, (store) => {
          refusedAsUsage(() => store.lifecycle.advance(dossier, status, reason ? { reason } : {}));
          return store.lifecycle.status(dossier)!;
        });
        console.log(options.json ? JSON.stringify(view) : `${view.dossier} ${view.status}`);
      }),
    );

  program
    .command('request-complement')
    .description('ask the town hall to capture one part of a dossier again (recueil complémentaire)')
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--dossier <id>', 'the dossier id')
    .requiredOption('--part <part>', ComplementPart.options.join(', '))
    .requiredOption('--reason <code>', 'reason code, e.g. photo-non-conforme')
    .option('--days <n>', 'days the town hall has to send it (default 30)')
    .option('--json', 'JSON output: {"request"}')
    .action(
      (options: {
        config: string;
        dossier: string;
        part: string;
        reason: string;
        days?: string;
        json?: boolean;
      }) =>
        runCommand(async () => {
          const dossier = dossierOption(options.dossier);
          const part = oneOf('--part', options.part, ComplementPart.options)!;
          const reason = reasonOption(options.reason)!;
          const days = daysOption(options.days);
          const request = await withCentralStore(options.config, (store) =>
            refusedAsUsage(() => store.lifecycle.requestComplement(dossier, { part, reason, days })),
          );
          console.log(options.json ? JSON.stringify({ request }) : request);
        }),
    );
}

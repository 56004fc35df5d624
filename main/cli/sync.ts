/**
 * `recueil demo|central|sim enqueue|sync|queue`: the offline queue from the command line, and the
 * reference central title system's program (central/main.ts), run as its own process (a contract used by outside checks: flags and output shapes stay).
 * Every command takes `--config FILE` (station.json or central.json as `demo init` writes them).
 */
import type { Command } from 'commander';
import { positiveInteger } from '../../common/cli-options';
import { runCentralProgram } from './central-program';

/** Loaded on first use: `recueil --help` loads no SQLite. */
const syncApi = () => import('../../sync/api');

/**
 * Counter lookups and consumptions deferred while the central was out of reach (sync/counter):
 * retried at each sync, one line each (`counter <kind> <number> done|pending`).
 */
async function retryCounterOperations(configFile: string): Promise<void> {
  const counter = await import('../../sync/counter');
  const { loadStationFile } = await import('../../sync/config/station-file');
  const config = loadStationFile(configFile);
  if (counter.pendingOperations(config.dataDir).length === 0) return;
  const link = await counter.openCounterLink(config);
  try {
    for (const outcome of await counter.retryDeferred(link))
      console.log(
        `counter ${outcome.operation.kind} ${outcome.operation.number} ${outcome.done ? 'done' : 'pending'}${outcome.message ? ` (${outcome.message})` : ''}`,
      );
  } finally {
    link.close();
  }
}

export function registerSyncCommands(program: Command): void {
  // The reference central title system is its own program: these commands forward to it.
  program
    .command('demo')
    .description('self-contained demonstration environment on loopback')
    .command('init')
    .description(
      'provision a test CA, the central server, an enrolled station; writes DIR/station.json and DIR/central.json',
    )
    .requiredOption('--dir <dir>', 'folder to provision')
    .option('--force', 'replace an existing environment')
    .action(async (options: { dir: string; force?: boolean }) => {
      const args = ['demo-init', '--dir', options.dir, ...(options.force ? ['--force'] : [])];
      process.exitCode = await runCentralProgram(args);
    });

  program
    .command('central')
    .description('the reference central title system (recueil central --help lists its commands)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]', "the central program's command and options")
    .action(async (args: string[]) => {
      process.exitCode = await runCentralProgram(args);
    });

  const sim = program.commands.find((c) => c.name() === 'sim') ?? program.command('sim');
  sim
    .command('enqueue')
    .description(
      'create N synthetic but realistic dossiers through the same path as the UI; returns once committed',
    )
    .requiredOption('--config <file>', 'station.json')
    .requiredOption('--count <n>', 'number of dossiers')
    .option('--size-mb <m>', 'size of each dossier in MB', '3')
    .action(async (options: { config: string; count: string; sizeMb: string }) => {
      const count = positiveInteger('--count', options.count);
      const sizeMb = Number(options.sizeMb);
      if (!Number.isFinite(sizeMb) || sizeMb <= 0 || sizeMb > 100)
        throw new Error(`--size-mb: expected a size in MB up to 100, got ${options.sizeMb}`);
      const { ids } = await (await syncApi()).enqueueSynthetic(options.config, count, sizeMb, {
        onCommitted: (id: string) => console.log(`enqueued ${id}`),
      });
      console.log(`committed ${ids.length}`);
    });

  program
    .command('sync')
    .description('synchronisation with the central title system')
    .command('now')
    .description(
      'sync until the queue is empty (exit 0) or nothing more can be sent (non-zero, with the cause)',
    )
    .requiredOption('--config <file>', 'station.json')
    .action(async (options: { config: string }) => {
      const { auditInboxFromCli } = await import('./inbox');
      const { describeOutcome } = await import('../../sync/configuration');
      const result = await (await syncApi()).runSyncNow(options.config, {
        onProgress: (p) => {
          if (p.sent === p.total) console.log(`sent ${p.dossierId}`);
        },
        afterSync: auditInboxFromCli,
        // stderr: stdout keeps its contract (sent lines, then the JSON summary)
        onConfiguration: (outcome) => console.error(describeOutcome(outcome)),
      });
      await retryCounterOperations(options.config);
      console.log(JSON.stringify({ sent: result.sent, parked: result.parked, remaining: result.remaining }));
      if (result.remaining > 0) {
        console.error(
          result.explanation ??
            `${result.remaining} dossier(s) still waiting (${result.cause ?? 'unknown cause'})`,
        );
        process.exitCode = 1;
      }
    });

  program
    .command('queue')
    .description('the offline dossier queue')
    .command('status')
    .description('counts of queued, uploading, acknowledged and parked dossiers')
    .requiredOption('--config <file>', 'station.json')
    .option('--json', 'JSON output')
    .action(async (options: { config: string; json?: boolean }) => {
      const counts = await (await syncApi()).queueStatus(options.config);
      const shape = {
        queued: counts.queued,
        uploading: counts.uploading,
        acknowledged: counts.acknowledged,
        parked: counts.parked,
      };
      if (options.json) console.log(JSON.stringify(shape));
      else
        console.log(
          `en attente ${shape.queued}, en cours ${shape.uploading}, acquittés ${shape.acknowledged}, écartés ${shape.parked}`,
        );
    });
}

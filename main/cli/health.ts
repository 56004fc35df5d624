/**
 * `recueil health`: the station's health checks with their remedies (a contract: `--json` prints a
 * list of `{ id, status: "ok"|"warn"|"fail", message, remedy }`, ids as in common/domain/health.ts;
 * exit 0 whenever the checks ran, 2 for a missing or bad configuration). The action is loaded
 * when it runs.
 */
import type { Command } from 'commander';

export function registerHealthCommands(program: Command): void {
  program
    .command('health')
    .description(
      'health checks with remedies: clock, certificates, disk, sync backlog, restarts, firmware (docs/health.md)',
    )
    .option('--config <file>', 'station.json (required)')
    .option('--json', 'JSON output')
    .action(async (options: { config?: string; json?: boolean }) => {
      await (await import('./health-report')).runHealth(options);
    });
}

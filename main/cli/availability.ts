/**
 * `recueil availability`: the day report of the availability ledger (a contract: `--json` prints
 * `{ date, minutes: {ready, degraded, down}, causes: [{cause, state, minutes}], availability }`, a
 * cause naming its `device` or `host` when it has one). The action is loaded when it runs.
 */
import type { Command } from 'commander';

export function registerAvailabilityCommands(program: Command): void {
  program
    .command('availability')
    .description(
      'minutes ready, degraded and down of an opening day, with their causes (availability ledger)',
    )
    .requiredOption('--config <file>', 'station.json')
    .option('--date <YYYY-MM-DD>', 'the day (default: today)')
    .option('--json', 'JSON output')
    .action(async (options: { config: string; date?: string; json?: boolean }) => {
      await (await import('./availability-report')).runAvailability(options);
    });
}

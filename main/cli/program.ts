/**
 * The `recueil` command tree: every command, option and help text. Commands spelled out in the
 * issues are a contract: flags and output shape stay stable; new behaviour extends, never renames.
 * Each action loads what it runs when it runs, so building the tree loads no native module and no
 * schema library; the entry (`index.ts`) parses the command line with it, and so does the CLI bundle
 * (`usage.ts`).
 */
import { Command } from 'commander';
import { appVersion } from '../services/paths';
import { registerAuditCommands } from './audit';
import { registerAvailabilityCommands } from './availability';
import { registerChipCommands } from './chip';
import { registerCounterServiceCommands } from './counter-services';
import { registerDeviceCommands } from './devices';
import { registerEnrollCommands } from './enroll';
import { registerEphotoCommands } from './ephoto';
import { registerFingerprintCommands } from './fingerprint';
import { registerHealthCommands } from './health';
import { registerInboxCommands } from './inbox';
import { registerPhotoCommands } from './photo';
import { registerSimCommands } from './sim';
import { registerSimDayCommands } from './sim-day';
import { registerSyncCommands } from './sync';
import { registerTwoDDocCommands } from './twoddoc';

/** Loaded on first use: the configuration schemas (zod) are not loaded by `recueil --help`. */
const stationConfig = () => import('../services/config');

export function buildProgram(appRoot: string): Command {
  const program = new Command('recueil')
    .description('Recueil: the software agent of a town-hall biometric capture station')
    .version(appVersion(appRoot));

  program
    .command('start')
    .description(
      'start the station (Electron when present, else browser mode) with simulated devices by default',
    )
    .option('--browser', 'browser mode even when Electron is present')
    .option('--no-open', 'do not open a browser window; just print the URL')
    .option('--config <file>', 'station configuration file (JSON)')
    .option('--clock-speed <n>', 'simulated mode only: the station clock runs N times faster (benches)')
    .action(async (options: { browser?: boolean; open: boolean; config?: string; clockSpeed?: string }) => {
      // Loaded on first use: the station core, its hosts and SQLite are not loaded by `--help`.
      const { runStart } = await import('./start');
      await runStart(appRoot, options);
    });

  const config = program.command('config').description('station configuration');
  config
    .command('check')
    .description('validate a configuration file and print the effective configuration')
    .option('--config <file>', 'station configuration file (JSON)')
    .action(async (options: { config?: string }) => {
      const loaded = (await stationConfig()).loadStationConfig(options.config);
      console.log(JSON.stringify(loaded, null, 2));
    });

  registerSimCommands(program);
  registerSimDayCommands(program, appRoot);
  registerSyncCommands(program);
  registerEnrollCommands(program);
  registerFingerprintCommands(program);
  registerDeviceCommands(program, appRoot);
  registerPhotoCommands(program);
  registerChipCommands(program);
  registerAuditCommands(program);
  registerTwoDDocCommands(program);
  registerAvailabilityCommands(program);
  registerHealthCommands(program);
  registerCounterServiceCommands(program);
  registerEphotoCommands(program);
  registerInboxCommands(program);
  return program;
}

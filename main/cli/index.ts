/**
 * The `recueil` command. Commands spelled out in the issues are a contract: flags and output shape
 * stay stable; new behaviour extends, never renames.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ConfigError, loadStationConfig } from '../services/config';
import { appVersion } from '../services/paths';
import { registerAuditCommands } from './audit';
import { registerChipCommands } from './chip';
import { registerDeviceCommands } from './devices';
import { registerEnrollCommands } from './enroll';
import { registerFingerprintCommands } from './fingerprint';
import { registerPhotoCommands } from './photo';
import { registerSimCommands } from './sim';
import { registerSyncCommands } from './sync';
import { registerTwoDDocCommands } from './twoddoc';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
  .action(async (options: { browser?: boolean; open: boolean; config?: string }) => {
    // Loaded on first use: the station core, its hosts and SQLite are not loaded by `--help`.
    const { runStart } = await import('./start');
    await runStart(appRoot, options);
  });

const config = program.command('config').description('station configuration');
config
  .command('check')
  .description('validate a configuration file and print the effective configuration')
  .option('--config <file>', 'station configuration file (JSON)')
  .action((options: { config?: string }) => {
    const loaded = loadStationConfig(options.config);
    console.log(JSON.stringify(loaded, null, 2));
  });

registerSimCommands(program);
registerSyncCommands(program);
registerEnrollCommands(program);
registerFingerprintCommands(program);
registerDeviceCommands(program, appRoot);
registerPhotoCommands(program);
registerChipCommands(program);
registerAuditCommands(program);
registerTwoDDocCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

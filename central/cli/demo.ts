/**
 * `recueil central demo-init --dir DIR [--force] [--embedded]`: provisions a demonstration environment
 * (test CA, central server, an enrolled station). The station's `recueil demo init --dir DIR` runs it;
 * `--embedded` is what `recueil start` asks for: the station runs the central itself.
 */
import type { Command } from 'commander';
import { DemoExistsError, provisionDemo } from '../demo/provision';

export function registerDemoCommands(program: Command): void {
  program
    .command('demo-init')
    .description(
      'provision a test CA, the central server, an enrolled station; writes DIR/station.json and DIR/central.json',
    )
    .requiredOption('--dir <dir>', 'folder to provision')
    .option('--force', 'replace an existing environment')
    .option('--embedded', 'the station starts the central server itself (recueil start)')
    .action(async (options: { dir: string; force?: boolean; embedded?: boolean }) => {
      try {
        const demo = await provisionDemo(options.dir, {
          force: options.force === true,
          ...(options.embedded
            ? { central: { url: 'embedded', embedded: { centralConfig: 'central.json' } } }
            : {}),
        });
        console.log(`station ${demo.stationConfig}`);
        console.log(`central ${demo.centralConfig}`);
        console.log(`url ${demo.url}`);
      } catch (error) {
        if (!(error instanceof DemoExistsError)) throw error;
        console.error(`${options.dir} is already provisioned (use --force to replace it)`);
        process.exitCode = 2;
      }
    });
}

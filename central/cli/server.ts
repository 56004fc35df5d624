/** `recueil central serve|count`: the reference central server in the foreground, and its dossier count. */
import type { Command } from 'commander';
import { waitForSignal } from '../../common/cli-options';
import { countCentralDossiers, startCentralServer } from '../server';

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('run the reference central server (HTTPS, mutual TLS) in the foreground')
    .requiredOption('--config <file>', 'central.json')
    .action(async (options: { config: string }) => {
      const server = await startCentralServer(options.config);
      console.log(`listening ${server.url}`);
      if (server.enrollmentUrl) console.log(`enrollment ${server.enrollmentUrl}`);
      await waitForSignal();
      await server.close();
      console.log('stopped');
    });
  program
    .command('count')
    .description('number of distinct dossiers the central server stored')
    .requiredOption('--config <file>', 'central.json')
    .option('--json', 'JSON output: {"dossiers": n}')
    .action((options: { config: string; json?: boolean }) => {
      const dossiers = countCentralDossiers(options.config);
      console.log(options.json ? JSON.stringify({ dossiers }) : String(dossiers));
    });
}

/**
 * The reference central title system's program: `recueil central …` runs it as its own process
 * (main/cli/central-program.ts). It plays the national system in tests and demonstrations: it
 * receives sealed dossiers over tus + mutual TLS, opens them, signs receipts and enrolls stations.
 * Run by a parent with an IPC channel, it stops when its parent goes away.
 */
import { Command } from 'commander';
import { registerConfigurationCommands } from './cli/configuration';
import { registerCounterCommands } from './cli/counter';
import { registerDemoCommands } from './cli/demo';
import { registerEnrollmentCommands } from './cli/enroll';
import { registerEphotoCommands } from './cli/ephoto';
import { registerFleetCommands } from './cli/fleet';
import { registerLifecycleCommands } from './cli/lifecycle';
import { registerServerCommands } from './cli/server';
import { CentralConfigError } from './server/config';

// A parent that dies (even by SIGKILL) closes the channel: the central ends as if told to stop.
// The channel itself does not keep the program running once its command is done.
if (process.send) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel?.unref();
}

const program = new Command('recueil central').description('the reference central title system');
registerServerCommands(program);
registerEnrollmentCommands(program);
registerDemoCommands(program);
registerCounterCommands(program);
registerLifecycleCommands(program);
registerConfigurationCommands(program);
registerEphotoCommands(program);
registerFleetCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof CentralConfigError ? 2 : 1);
});

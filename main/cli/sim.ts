/**
 * `recueil sim serve ...`: runs a device simulator on a real OS path so a technician can train or
 * reproduce a fault, and outside checks can drive the real stacks (pcscd/vpcd, pseudo-terminals, TCP).
 */
import type { Command } from 'commander';
import { FileSystemCard } from '../../drivers/devices/pcsc-reader/simulator/virtual-card';
import { linkCardToVpcd, vpcdDefaultPort } from '../../drivers/devices/pcsc-reader/simulator/vpcd-link';

function untilSignal(onStop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = async () => {
      await onStop();
      console.log('stopped');
      resolve();
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}

export function registerSimCommands(program: Command): void {
  const sim = program.command('sim').description('device simulators (demo, training, outside checks)');
  const serve = sim.command('serve').description('run a simulator on a real OS path');
  serve
    .command('card')
    .description("connect the simulated card to pcscd's virtual reader (vsmartcard vpcd)")
    .requiredOption('--vpcd', 'connect through vpcd')
    .option('--port <port>', 'vpcd TCP port', String(vpcdDefaultPort))
    .option('--host <host>', 'vpcd host', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new Error(`--port: expected a TCP port, got ${options.port}`);
      const card = new FileSystemCard({ applications: ['A0000002471001'] });
      const link = linkCardToVpcd({ card, host: options.host, port });
      await link.connected;
      console.log(`card connected to vpcd ${options.host}:${port}`);
      await untilSignal(() => link.close());
    });
}

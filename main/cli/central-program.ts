/**
 * The station's CLI runs the reference central title system as its own program (central/main.ts),
 * never importing it: `recueil central …` and `recueil demo init` forward their arguments to it. The
 * child shares the terminal; SIGINT/SIGTERM are passed on, and an IPC channel makes it stop if this
 * process dies. Resolves with the child's exit code.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NODE_V8_FLAGS } from '../hosts/v8-flags';

const centralMain = fileURLToPath(new URL('../../central/main.ts', import.meta.url));

export function runCentralProgram(args: readonly string[]): Promise<number> {
  const child = fork(centralMain, [...args], {
    cwd: process.cwd(),
    execArgv: [...NODE_V8_FLAGS, '--import', import.meta.resolve('tsx')],
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

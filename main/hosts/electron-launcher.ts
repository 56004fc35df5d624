/**
 * Host launcher under Electron: each host is a utilityProcess running its bundled entry
 * (dist/electron/<host>-host.mjs), so native add-ons never load in main.
 */
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { HostFrame } from '../../common/rpc/host-rpc';
import type { HostLauncher } from './launcher';
import type { HostKind } from './protocols';
import { NODE_V8_FLAGS } from './v8-flags';

export function createElectronLauncher(appRoot: string, env: Record<string, string>): HostLauncher {
  return {
    launch(host: HostKind) {
      const child = utilityProcess.fork(join(appRoot, 'dist', 'electron', `${host}-host.mjs`), [], {
        serviceName: `recueil-${host}-host`,
        execArgv: [...NODE_V8_FLAGS],
        env: { ...process.env, ...env, RECUEIL_HOST: host },
        stdio: 'inherit',
      });
      const listeners = new Set<(frame: unknown) => void>();
      child.on('message', (message: unknown) => {
        for (const listener of listeners) listener(message);
      });
      return {
        pid: child.pid,
        port: {
          send: (frame: HostFrame) => child.postMessage(frame),
          onMessage(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
        },
        onExit: (listener) => {
          child.once('exit', (code: number) => listener(code, null));
        },
        kill: () => {
          child.kill();
        },
      };
    },
  };
}

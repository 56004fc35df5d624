/**
 * How a host process is started. The supervisor only knows this interface; the Node launcher
 * (child_process.fork, browser mode and tests) lives here, the Electron one (utilityProcess) in
 * electron-launcher.ts so that plain Node never loads Electron.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MessagePortLike } from '../../common/rpc/host-rpc';
import type { HostKind } from './protocols';
import { NODE_V8_FLAGS } from './v8-flags';

export interface HostProcess {
  readonly pid: number | undefined;
  readonly port: MessagePortLike;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface HostLauncher {
  launch(host: HostKind): HostProcess;
}

/** Entry module of each host, relative to the application root (TypeScript sources, run through tsx). */
export const hostEntries: Record<HostKind, string> = {
  device: 'drivers/host/main.ts',
  sync: 'sync/host/main.ts',
};

export interface NodeLauncherOptions {
  appRoot: string;
  /** Extra environment for the host (e.g. a fault-injection switch in tests). */
  env?: Record<string, string>;
}

export function createNodeLauncher(options: NodeLauncherOptions): HostLauncher {
  const tsxLoader = import.meta.resolve('tsx');
  return {
    launch(host) {
      const entry = join(options.appRoot, hostEntries[host]);
      if (!existsSync(entry)) throw new Error(`host entry not found: ${entry}`);
      const child = fork(entry, [], {
        cwd: options.appRoot,
        execArgv: [...NODE_V8_FLAGS, '--import', tsxLoader],
        env: { ...process.env, ...options.env, RECUEIL_HOST: host },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      });
      return {
        pid: child.pid,
        port: {
          send: (frame) => {
            if (child.connected) child.send(frame);
          },
          onMessage(listener) {
            child.on('message', listener);
            return () => child.off('message', listener);
          },
        },
        onExit: (listener) => {
          child.once('exit', (code, signal) => listener(code, signal));
        },
        kill: (signal = 'SIGTERM') => {
          child.kill(signal);
        },
      };
    },
  };
}

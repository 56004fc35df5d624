/**
 * One station per data directory: the lock `recueil start` (browser mode) and the Electron main take
 * before anything else, held until the process ends.
 *
 * The lock is a name held by the kernel: a Unix socket bound in Linux's abstract namespace (a named
 * pipe on Windows), named after the data directory's device and inode, so two configurations that
 * reach the same folder by different paths (relative, symlinked, bind-mounted) share one lock. Like
 * flock, the kernel releases it when the process dies, however it dies, so there is no stale lock
 * file to clean; unlike flock it needs no native addon (Node has no flock, and better-sqlite3 is
 * owned by sync/store and built for the hosts). The holder answers whoever connects with its PID, so
 * a second start can say which process holds the station. Other platforms (macOS) bind a socket file
 * in the data directory and remove it when no holder answers it any more.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

/** What the holder tells a process that finds the station taken. */
export interface LockHolder {
  pid: number;
  startedAt: string;
}

export class StationLockedError extends Error {
  /** Exit code of a second `recueil start` on the same data directory (the contract of issue 24). */
  readonly exitCode = 3;

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder ? `PID ${holder.pid}` : 'PID inconnu';
    const whoEn = holder ? `PID ${holder.pid}` : 'unknown PID';
    super(
      [
        `Un autre poste Recueil utilise déjà ce dossier de données (${who}) : ${dataDir}. Arrêtez-le avant d’en démarrer un second.`,
        `Another Recueil station already uses this data directory (${whoEn}): ${dataDir}. Stop it before starting a second one.`,
      ].join('\n'),
    );
    this.name = 'StationLockedError';
  }
}

export interface StationLock {
  readonly dataDir: string;
  readonly address: string;
  release(): Promise<void>;
}

/**
 * A local socket address of the station of `dataDir` (which must exist), named after the folder's
 * device and inode: `station` is the lock, `sim` the simulated bench's control socket
 * (main/services/sim/control.ts).
 */
export function stationSocketAddress(dataDir: string, purpose: 'station' | 'sim'): string {
  const { dev, ino } = statSync(dataDir, { bigint: true });
  const name = `recueil-${purpose}-${dev.toString(16)}-${ino.toString(16)}`;
  if (process.platform === 'linux') return `\0${name}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`;
  return join(dataDir, purpose === 'station' ? '.station.lock' : '.sim-control.sock');
}

/** The lock's address for `dataDir` (which must exist). */
export function lockAddress(dataDir: string): string {
  return stationSocketAddress(dataDir, 'station');
}

function listen(server: Server, address: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once('error', onError);
    server.listen({ path: address, exclusive: true }, () => {
      server.off('error', onError);
      resolve(undefined);
    });
  });
}

/** Asks the holder at `address` who it is: its answer, or undefined when nobody answers in time. */
function askHolder(address: string, timeoutMs = 2000): Promise<LockHolder | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = createConnection({ path: address });
    const done = (holder: LockHolder | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(holder);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 4096) done(undefined);
    });
    socket.on('end', () => {
      try {
        const parsed = JSON.parse(text) as Partial<LockHolder>;
        done(
          typeof parsed.pid === 'number'
            ? { pid: parsed.pid, startedAt: String(parsed.startedAt ?? '') }
            : undefined,
        );
      } catch {
        done(undefined);
      }
    });
    socket.on('error', () => done(undefined));
  });
}

/**
 * Takes the station lock of `dataDir` (created if missing) or throws `StationLockedError` naming the
 * holder's PID. The lock lasts until `release()` or the end of the process.
 */
export async function acquireStationLock(dataDir: string): Promise<StationLock> {
  mkdirSync(dataDir, { recursive: true });
  const address = lockAddress(dataDir);
  const holder: LockHolder = { pid: process.pid, startedAt: new Date().toISOString() };
  const answer = JSON.stringify(holder);
  const server = createServer((socket) => socket.end(answer));
  server.unref();
  let error = await listen(server, address);
  if (error?.code === 'EADDRINUSE' && !address.startsWith('\0') && !address.startsWith('\\\\')) {
    // A socket file: stale when its holder died without removing it.
    const other = await askHolder(address);
    if (other) throw new StationLockedError(dataDir, other);
    rmSync(address, { force: true });
    error = await listen(server, address);
  }
  if (error?.code === 'EADDRINUSE') throw new StationLockedError(dataDir, await askHolder(address));
  if (error) throw error;
  return {
    dataDir,
    address,
    release: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

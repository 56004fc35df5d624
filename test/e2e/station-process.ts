/**
 * Starts `recueil start --browser --no-open` as a child process for end-to-end tests, with its own
 * configuration and data folder, and waits for its `ui <url>` line (no sleeps); likewise the reference
 * central server (`recueil central serve`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const appRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningStation {
  child: ChildProcess;
  uiUrl: string;
  dataDir: string;
  stdout: string[];
  /** Resolves with the first stdout line starting with `prefix ` (its rest). */
  line(prefix: string): Promise<string>;
  stop(): Promise<number | null>;
}

/** Writes the configuration of a not-enrolled test station (simulated devices) to `file`. */
export function writeTestStationConfig(file: string, id: string, extra: Record<string, unknown> = {}): void {
  writeFileSync(
    file,
    JSON.stringify({
      station: { id, townHall: { name: 'Mairie de Test-sur-Loire', inseeCode: '45234' } },
      dataDir: 'data',
      ...extra,
    }),
  );
}

/** Starts the station on `configFile`, or on a fresh not-enrolled test station when none is given. */
export async function startStationProcess(options: { configFile?: string } = {}): Promise<RunningStation> {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-e2e-'));
  const configFile = options.configFile ?? join(dir, 'station.json');
  if (!options.configFile) writeTestStationConfig(configFile, 'DR-E2E-0001');
  const child = spawn(
    process.execPath,
    ['bin/recueil.mjs', 'start', '--browser', '--no-open', '--config', configFile],
    {
      cwd: appRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const stdout: string[] = [];
  const waiters: { prefix: string; resolve: (rest: string) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const uiUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      stdout.push(line);
      for (const waiter of waiters)
        if (line.startsWith(`${waiter.prefix} `)) waiter.resolve(line.slice(waiter.prefix.length + 1));
      if (line.startsWith('ui ')) resolve(line.slice(3));
    });
    child.once('exit', (code) => reject(new Error(`station exited early with ${code}`)));
  });
  return {
    child,
    uiUrl,
    dataDir: options.configFile ? join(dirname(options.configFile), 'station-data') : join(dir, 'data'),
    stdout,
    line(prefix) {
      const seen = stdout.find((l) => l.startsWith(`${prefix} `));
      if (seen) return Promise.resolve(seen.slice(prefix.length + 1));
      return new Promise((resolve) => waiters.push({ prefix, resolve }));
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Starts `recueil central serve` on a central configuration and waits for its `listening` line. */
export async function startCentralProcess(configFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/recueil.mjs', 'central', 'serve', '--config', configFile], {
    cwd: appRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`central exited with ${code}`)));
  });
  return child;
}

/** Runs a `recueil` command to completion and returns its stdout (throws with stderr on failure). */
export function recueil(args: string[]): string {
  const result = spawnSync(process.execPath, ['bin/recueil.mjs', ...args], {
    cwd: appRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`recueil ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/**
 * `recueil start`: runs the station. Uses Electron when its binary is present, otherwise browser
 * mode: the core serves the UI on loopback, prints `ui <url>` once the UI can be loaded, and opens
 * Debian Chromium in app mode when present (unless --no-open). Stops cleanly on SIGINT/SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge } from '../bridge/server';
import { createNodeLauncher } from '../hosts/launcher';
import { defaultDataDir, loadConfigFile, type StationConfig } from '../services/config';
import { stationLogDestination } from '../services/log-file';
import { createLogger } from '../services/logger';
import { appVersion, electronBinaryPresent, hostEnvironment, rendererDir } from '../services/paths';
import { startStation } from '../services/station';
import { acquireStationLock, type StationLock, StationLockedError } from '../services/station-lock';
import { runCentralProgram } from './central-program';
import { UsageError } from './usage-error';

export interface StartOptions {
  browser?: boolean;
  open?: boolean;
  config?: string;
  /** Simulated mode only: the station clock runs this many times faster. */
  clockSpeed?: string;
}

/** `--clock-speed N` applied to the configuration: a positive number, on a simulated bench only. */
export function withClockSpeed(config: StationConfig, value: string | undefined): StationConfig {
  if (value === undefined) return config;
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000)
    throw new UsageError(`--clock-speed: expected a number above 0 and up to 100000, got "${value}"`);
  if (config.devices.mode !== 'simulated')
    throw new UsageError('--clock-speed: only in simulated mode (devices.mode "simulated")');
  return { ...config, clock: { ...config.clock, speed } };
}

export const chromiumPath = '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a closed network (no background calls home). */
export const quietChromiumFlags = [
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
];

const openTheUrl =
  'ouvrez dans un navigateur l’adresse de la ligne « ui » ci-dessus (open the « ui » URL above in a browser)';
const chromiumFailed = `Chromium s’est arrêté ou n’a pas pu démarrer : ${openTheUrl}.`;

/**
 * Why the station will not open Chromium itself, if it will not: not installed, or running as root,
 * where Chromium runs only without its sandbox, which the station never does.
 */
export function chromiumRefusal(
  uid = process.getuid?.(),
  chromiumPresent = existsSync(chromiumPath),
): string | undefined {
  if (uid === 0)
    return `Le poste tourne sous root : Chromium n’est pas ouvert, car il ne fonctionne alors que sans son bac à sable (sandbox), que Recueil ne désactive jamais. Démarrez le poste avec un compte non privilégié, ou ${openTheUrl.replace('un navigateur', 'le navigateur d’un compte non privilégié')}.`;
  if (!chromiumPresent) return `Chromium est introuvable (${chromiumPath}) : ${openTheUrl}.`;
  return undefined;
}

/**
 * Builds the renderer when `dist/renderer` has none (a first `recueil start` without `npm start`):
 * one progress line, the build's own output only when it fails, and then exactly what to run.
 */
export function ensureRendererBuilt(
  appRoot: string,
  build: () => { status: number | null; stderr: string } = () =>
    spawnSync('npm', ['run', 'build:renderer', '--silent'], {
      cwd: appRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    }),
): void {
  const index = join(rendererDir(appRoot), 'index.html');
  if (existsSync(index)) return;
  console.log('building the user interface (npm run build:renderer), once…');
  const result = build();
  if (result.status === 0 && existsSync(index)) return;
  if (result.stderr) console.error(result.stderr.trim());
  throw new Error(
    `the user interface could not be built: run "npm run build:renderer" in ${appRoot} and correct what it reports`,
  );
}

function stationLogger(config: StationConfig) {
  return createLogger({ level: config.log.level, destination: stationLogDestination(config) });
}

/** Where `recueil start` without `--config` keeps the demonstration station. */
function demoDir(): string {
  return join(defaultDataDir(), 'demo');
}

/**
 * The configuration to run: the given file, or the demonstration station (provisioned once in the
 * data folder: test PKI, enrolled station, embedded reference central server on loopback).
 */
export async function startConfig(file: string | undefined): Promise<StationConfig> {
  if (file) return loadConfigFile(file);
  const dir = demoDir();
  const stationFile = join(dir, 'station.json');
  if (!existsSync(stationFile)) {
    console.log(`provisioning the demonstration station in ${dir}`);
    // The reference central's program provisions it (test PKI, central keys, enrolled station).
    const code = await runCentralProgram(['demo-init', '--dir', dir, '--embedded']);
    if (code !== 0) throw new Error(`provisioning the demonstration station in ${dir} failed (exit ${code})`);
  }
  return loadConfigFile(stationFile);
}

/**
 * The configuration and the station lock of its data directory, taken before anything else runs
 * (the demonstration station is locked before it is provisioned). A station already running on it
 * ends this process at once with exit code 3 and its PID, in French and English.
 */
async function lockedConfig(file: string | undefined): Promise<{ config: StationConfig; lock: StationLock }> {
  try {
    // The demonstration's data directory is known before it is provisioned (central/demo/provision.ts).
    let lock = file ? undefined : await acquireStationLock(join(demoDir(), 'station-data'));
    const config = await startConfig(file);
    if (lock && lock.dataDir !== config.dataDir) {
      await lock.release();
      lock = undefined;
    }
    return { config, lock: lock ?? (await acquireStationLock(config.dataDir)) };
  } catch (error) {
    if (!(error instanceof StationLockedError)) throw error;
    console.error(error.message);
    process.exit(error.exitCode);
  }
}

export async function runStart(appRoot: string, options: StartOptions): Promise<void> {
  if (!options.browser && electronBinaryPresent(appRoot)) {
    // The Electron main takes the station lock itself.
    if (options.clockSpeed !== undefined)
      throw new UsageError('--clock-speed: browser mode only (add --browser)');
    await startConfig(options.config);
    await runElectron(appRoot, options);
    return;
  }
  const locked = await lockedConfig(options.config);
  const { lock } = locked;
  const config = withClockSpeed(locked.config, options.clockSpeed);
  ensureRendererBuilt(appRoot);
  const logger = stationLogger(config);
  const station = await startStation({
    config,
    logger,
    launcher: createNodeLauncher({ appRoot, env: hostEnvironment(config) }),
    mode: 'browser',
    version: appVersion(appRoot),
  });
  station.bus.on('milestone', ({ name }) => console.log(`milestone ${name}`));
  for (const name of station.milestones) console.log(`milestone ${name}`);
  station.bus.on('host.status', (status) => console.log(`host ${status.host} ${status.state}`));
  // A simulated bench answers `recueil sim fault` on its control socket.
  const simControl =
    config.devices.mode === 'simulated'
      ? await (await import('../services/sim/control'))
          .startSimControl({
            dataDir: config.dataDir,
            inventory: station.inventory,
            clock: station.clock,
            logger,
          })
          .catch((error: unknown) => {
            logger.warn({ err: error }, 'simulated bench control socket not opened');
            return undefined;
          })
      : undefined;

  const bridge = await startBridge({
    rendererDir: rendererDir(appRoot),
    dispatch: station.dispatch,
    bus: station.bus,
    logger,
    onClientConnected: () => station.milestone('ui-ready'),
  });
  // The signal handlers are set before the first line a supervisor waits for (`ui`): a SIGTERM sent
  // as soon as it is printed stops the station cleanly instead of killing it with the default action.
  let browser: ChildProcess | undefined;
  let profileDir: string | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    browser?.kill('SIGTERM');
    await bridge.close();
    await simControl?.close();
    await station.stop();
    await lock.release();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    logger.flush();
    console.log('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  console.log(`ui ${bridge.uiUrl}`);

  const scene =
    config.devices.mode === 'simulated'
      ? await station.hosts.device.call('cameraScene', {}, 60000)
      : undefined;
  const cameraFlags =
    scene?.ok && scene.value.path
      ? [
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${scene.value.path}`,
          '--use-fake-ui-for-media-stream',
        ]
      : [];
  if (scene?.ok && scene.value.path) console.log(`camera ${scene.value.path}`);
  if (stopping) return; // stopped while the camera scene was being made: open nothing

  const refusal = options.open === false ? undefined : chromiumRefusal();
  if (refusal) console.error(refusal);
  else if (options.open !== false) {
    profileDir = mkdtempSync(join(tmpdir(), 'recueil-ui-'));
    // A one-time launch URL: what `ps` shows of Chromium's command line opens nothing once used.
    browser = spawn(
      chromiumPath,
      [`--app=${bridge.launchUrl()}`, `--user-data-dir=${profileDir}`, ...quietChromiumFlags, ...cameraFlags],
      { stdio: 'ignore' },
    );
    browser.on('error', () => console.error(chromiumFailed));
    browser.on('exit', (code) => {
      if (!stopping && code !== 0) console.error(chromiumFailed);
    });
  }
}

async function runElectron(appRoot: string, options: StartOptions): Promise<void> {
  const electronMain = join(appRoot, 'dist', 'electron', 'main.cjs');
  if (!existsSync(electronMain)) throw new Error('Electron shell not built: run "npm run build" first');
  const { createRequire } = await import('node:module');
  const electronBinary = createRequire(import.meta.url)('electron') as unknown as string;
  const args = [electronMain, ...(options.config ? ['--config', options.config] : [])];
  const child = spawn(electronBinary, args, { stdio: 'inherit', cwd: appRoot });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

/**
 * Electron entry (thin shell): registers the app:// scheme, hardens sessions and web contents,
 * takes the station lock of the data directory (main/services/station-lock.ts), starts the same
 * station core as browser mode (hosts as utilityProcess), and opens one window
 * whose renderer talks to the core only through the sandboxed preload's `window.station`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, session } from 'electron';
import { createElectronLauncher } from '../hosts/electron-launcher';
import { loadStationConfig } from '../services/config';
import { stationLogDestination } from '../services/log-file';
import { createLogger } from '../services/logger';
import { appVersion, hostEnvironment, rendererDir } from '../services/paths';
import { startStation } from '../services/station';
import { acquireStationLock, StationLockedError } from '../services/station-lock';
import { buildCsp } from './csp';
import { appOrigin, appScheme, hardenSession, hardenWebContents } from './hardening';
import { registerStationIpc } from './ipc';
import { kioskPolicy } from './kiosk-policy';
import { startKioskShell } from './kiosk-shell';
import { resolveRendererFile } from './renderer-protocol';
import { buildWindowOptions } from './window-options';

app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const appRoot = app.getAppPath();
const configFlag = process.argv.indexOf('--config');
const config = loadStationConfig(configFlag > 0 ? process.argv[configFlag + 1] : undefined);
const logger = createLogger({ level: config.log.level, destination: stationLogDestination(config) });
/** Kiosk mode (counter stations): the auto-start entries pass `--kiosk`. */
const kiosk = process.argv.includes(kioskPolicy.switch)
  ? startKioskShell({
      app,
      setApplicationMenu: (menu) => Menu.setApplicationMenu(menu),
      policy: kioskPolicy,
      crashHistoryFile: join(config.dataDir, 'crash-history.json'),
      log: (message, fields) => logger.warn(fields ?? {}, message),
    })
  : undefined;
if (kiosk && !kiosk.primary) process.exit(0);

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

async function main(): Promise<void> {
  // One station per data directory: a second one says who holds it and ends with exit code 3.
  const lock = await acquireStationLock(config.dataDir).catch((error: unknown) => {
    if (!(error instanceof StationLockedError)) throw error;
    process.stderr.write(`${error.message}\n`);
    app.exit(error.exitCode);
    return undefined;
  });
  if (!lock) return;
  await app.whenReady();
  hardenSession(session.defaultSession);
  const csp = buildCsp();
  protocol.handle(appScheme, async (request) => {
    const target = resolveRendererFile(rendererDir(appRoot), request.url);
    if (!target) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        headers: { 'Content-Type': target.mimeType, 'Content-Security-Policy': csp },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const station = await startStation({
    config,
    logger,
    launcher: createElectronLauncher(appRoot, hostEnvironment(config)),
    mode: 'electron',
    version: appVersion(appRoot),
  });
  const window = new BrowserWindow(
    buildWindowOptions({ preloadPath: join(__dirname, 'preload.cjs'), kiosk: kiosk !== undefined }),
  );
  kiosk?.attachWindow(window);
  registerStationIpc(ipcMain, station.dispatch, station.bus, () => window.webContents);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${appOrigin}/index.html`);
  station.milestone('ui-ready');
  process.stdout.write(`ui ${appOrigin}/index.html\n`);

  let quitting = false;
  const quit = async () => {
    if (quitting) return;
    quitting = true;
    await station.stop();
    await lock.release();
    app.exit(0);
  };
  app.on('window-all-closed', () => void quit());
  process.once('SIGINT', () => void quit());
  process.once('SIGTERM', () => void quit());
}

const fatal = (error: unknown) => {
  logger.fatal({ err: error }, 'station failed');
  if (kiosk) kiosk.mainCrashed(error);
  else app.exit(1);
};
process.on('uncaughtException', fatal);
main().catch(fatal);

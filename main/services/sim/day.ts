/**
 * One simulated opening day, headless (`recueil sim day`): the station core with its real device
 * and sync hosts on a simulated bench, its availability recorder on a stepped clock, and the scripted
 * faults applied for real (fault-injector.ts). The day's minutes go to the station's own ledger, so
 * `recueil availability --date D` shows them afterwards; the result is that day's report.
 *
 * Pacing: the clock moves one minute at a time, at most `speed` times faster than real time, and
 * only once the station has recorded the previous minute and followed the faults due (a device
 * plugged back, a host restarted, the sync online again). The recorded figures are then those of
 * the script whatever the machine's load; a loaded machine only makes the day take longer.
 *
 * The day: `date` if given, else today, or the day after the ledger's last minute when the ledger
 * already holds minutes of today's opening (simulated days follow each other). Opening hours are
 * `open` on that day (the configuration's time zone). The station lock of the data folder is held
 * throughout: no station may run on it meanwhile.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
  localTime,
  nextDate,
  type OpeningHours,
  toMinutes,
  utcOf,
  WEEKDAYS,
} from '../../../common/availability/calendar';
import type { AvailabilityReport } from '../../../common/domain';
import { createNodeLauncher } from '../../hosts/launcher';
import { statfsFree } from '../availability/service';
import { SteppedClock } from '../clock';
import { loadConfigFile, type StationConfig } from '../config';
import { stationLogDestination } from '../log-file';
import { createLogger } from '../logger';
import { appVersion, hostEnvironment } from '../paths';
import { startStation } from '../station';
import { acquireStationLock } from '../station-lock';
import { type CentralLink, openCentralLink } from './central-link';
import { FaultInjector } from './fault-injector';
import { hhmm, type ScriptedFault } from './fault-script';

/** A simulated day that cannot run as asked (the CLI exits 2 with the message). */
export class SimDayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimDayError';
  }
}

export interface SimDayOptions {
  appRoot: string;
  configFile: string;
  /** Local opening interval, minutes of the day: [start, end). */
  open: { start: number; end: number };
  /** At most this many times faster than real time. */
  speed: number;
  faults: readonly ScriptedFault[];
  date?: string;
  /** The minutes of the ledger before the day (undefined: empty ledger). */
  ledgerLastMinute?: number | undefined;
}

const MINUTE_MS = 60_000;
/** Real time allowed for the sync to come online before the day starts. */
const ONLINE_TIMEOUT_MS = 60_000;

function openingHours(zone: string, open: { start: number; end: number }): OpeningHours {
  const interval = `${hhmm(open.start)}-${open.end === 1440 ? '24:00' : hhmm(open.end)}`;
  return Object.fromEntries([
    ['timeZone', zone],
    ...WEEKDAYS.map((day) => [day, [interval]]),
  ]) as OpeningHours;
}

/** The day to simulate: see the module doc. */
export function simulatedDate(
  zone: string,
  open: { start: number },
  lastMinute: number | undefined,
  date: string | undefined,
  nowMs = Date.now(),
): string {
  const startOf = (d: string) => utcOf(d, open.start, zone) / MINUTE_MS;
  if (date !== undefined) {
    if (lastMinute !== undefined && lastMinute >= startOf(date))
      throw new SimDayError(
        `--date: the ledger already holds minutes of ${date} or later (up to ${new Date(lastMinute * MINUTE_MS).toISOString()}); a simulated day cannot go back in time: choose a later date`,
      );
    return date;
  }
  const today = localTime(nowMs, zone).date;
  if (lastMinute === undefined || lastMinute < startOf(today)) return today;
  return nextDate(localTime(lastMinute * MINUTE_MS, zone).date);
}

/** A copy of the station file beside it whose central URL is the relay's (same relative paths). */
function relayedConfigFile(configFile: string, url: string): string {
  const raw = JSON.parse(readFileSync(configFile, 'utf8')) as { central?: { url?: string } };
  const file = join(dirname(configFile), `.${basename(configFile, '.json')}.sim-day.json`);
  writeFileSync(file, JSON.stringify({ ...raw, central: { ...raw.central, url } }), { mode: 0o600 });
  return file;
}

function checkFaults(config: StationConfig, faults: readonly ScriptedFault[]): void {
  const central = faults.find((f) => f.fault === 'central-down');
  if (central && (!config.central || config.central.url === 'embedded'))
    throw new SimDayError(
      `faults entry ${central.index}: central-down needs a station enrolled with a central system at an https:// URL (not "embedded"), which the simulated day relays`,
    );
}

export async function runSimDay(options: SimDayOptions): Promise<AvailabilityReport> {
  let config = loadConfigFile(options.configFile);
  if (config.devices.mode !== 'simulated')
    throw new SimDayError('sim day: only on a simulated bench (devices.mode "simulated" in station.json)');
  checkFaults(config, options.faults);
  const zone = config.availability.openingHours.timeZone;
  const date = simulatedDate(zone, options.open, options.ledgerLastMinute, options.date);
  const lock = await acquireStationLock(config.dataDir);
  let link: CentralLink | undefined;
  let relayedFile: string | undefined;
  try {
    if (options.faults.some((f) => f.fault === 'central-down') && config.central) {
      link = await openCentralLink(config.central.url);
      relayedFile = relayedConfigFile(options.configFile, link.url);
      config = loadConfigFile(relayedFile);
    }
    const hours = openingHours(zone, options.open);
    const dayConfig: StationConfig = {
      ...config,
      availability: { ...config.availability, openingHours: hours },
    };
    delete dayConfig.clock;
    const openAt = utcOf(date, options.open.start, zone);
    const closeAt = utcOf(date, options.open.end, zone);
    const clock = new SteppedClock(openAt - MINUTE_MS + 1000, options.speed);
    const disk = { low: false };
    const minFree = (config.central?.minFreeMb ?? 512) * 1024 * 1024;
    const logger = createLogger({ level: config.log.level, destination: stationLogDestination(config) });
    const station = await startStation({
      config: dayConfig,
      logger,
      launcher: createNodeLauncher({ appRoot: options.appRoot, env: hostEnvironment(config) }),
      mode: 'browser',
      version: appVersion(options.appRoot),
      clock,
      diskProbe: async (path) => (disk.low ? Math.floor(minFree / 2) : statfsFree(path)),
    });
    try {
      const known = station.inventory.list().map((d) => d.id);
      for (const f of options.faults)
        if (f.device !== undefined && !known.includes(f.device))
          throw new SimDayError(
            `faults entry ${f.index} (at "${f.at}"): "device": unknown device "${f.device}"; this station's devices are ${known.join(', ')}`,
          );
      const recorder = station.availability?.recorder;
      if (!recorder) throw new Error('the availability recorder did not start (see the station log)');
      if (config.central) {
        const deadline = Date.now() + ONLINE_TIMEOUT_MS;
        while (!station.syncState().online && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
      }
      const injector = new FaultInjector({
        inventory: station.inventory,
        device: station.hosts.device,
        disk,
        central: link && {
          link,
          syncState: () => station.syncState(),
          nudge: async () => {
            const { enqueueSynthetic } = await import('../../../sync/demo/enqueue');
            await enqueueSynthetic(config.source!, 1, 0.05);
            await station.hosts.sync.call('syncNow', {});
          },
        },
      });
      await playMinutes({ clock, injector, settled: () => recorder.settled(), openAt, closeAt, ...options });
      return await station.availability!.day(date);
    } finally {
      await station.stop();
      logger.flush();
    }
  } finally {
    if (relayedFile) rmSync(relayedFile, { force: true });
    await link?.close();
    await lock.release();
  }
}

/**
 * The day's minutes, one at a time: the faults ending and starting at a minute are applied before
 * the clock reaches it, then the clock moves to the minute and the recorder records it.
 */
async function playMinutes(day: {
  clock: SteppedClock;
  injector: FaultInjector;
  settled(): Promise<void>;
  openAt: number;
  closeAt: number;
  open: { start: number; end: number };
  faults: readonly ScriptedFault[];
  speed: number;
}): Promise<void> {
  const { clock, injector, openAt, closeAt } = day;
  const active = new Set<ScriptedFault>();
  const realMinute = MINUTE_MS / day.speed;
  for (let m = day.open.start; m < day.open.end; m++) {
    const stepStarted = Date.now();
    for (const f of [...active])
      if (f.start + f.minutes === m) {
        await injector.end(f);
        active.delete(f);
      }
    for (const f of day.faults)
      if (f.start === m) {
        await injector.start(f);
        active.add(f);
      }
    await clock.advance(openAt + (m - day.open.start) * MINUTE_MS + 1000 - clock.now());
    await day.settled();
    const wait = realMinute - (Date.now() - stepStarted);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  for (const f of active) await injector.end(f);
  await clock.advance(closeAt + 1000 - clock.now());
  await day.settled();
}

/** "09:00-17:00" as local minutes of the day. */
export function parseOpen(value: string): { start: number; end: number } {
  return { start: toMinutes(value.slice(0, 5)), end: toMinutes(value.slice(6)) };
}

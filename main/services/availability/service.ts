/**
 * The station core's availability service: wires the recorder (recorder.ts) to what main sees
 * (host supervisors, device inventory, sync state, enrollment, free disk) and to the ledger in the
 * sync host, and answers the day report for a date (`availability.day`, statistics screen).
 */
import { promises as fs } from 'node:fs';
import { localTime, openingRanges } from '../../../common/availability/calendar';
import { dayReport } from '../../../common/availability/report';
import type { AvailabilityReport, EnrollmentView, SyncState } from '../../../common/domain';
import { unwrap } from '../../../common/errors';
import type { HostSupervisor } from '../../hosts/supervisor';
import type { StationClock } from '../clock';
import type { StationConfig } from '../config';
import type { DeviceInventory } from '../device-inventory';
import type { Logger } from '../logger';
import { stationFreeze } from '../signed-configuration';
import { AvailabilityRecorder, MINUTE_MS } from './recorder';

/** Bytes free on the volume holding `path` (injectable: a simulated bench makes the disk low). */
export type DiskProbe = (path: string) => Promise<number>;
export const statfsFree: DiskProbe = async (path) => {
  const stats = await fs.statfs(path);
  return stats.bavail * stats.bsize;
};

/**
 * The freeze rule's part of an observation: the last successful sync (read in real time, mapped
 * onto the station's clock, which a simulated bench runs faster) and the freeze limit in force.
 */
function freezeObservation(config: StationConfig, clock: StationClock) {
  const freeze = stationFreeze(config);
  return {
    freezeDays: freeze.freezeDays,
    ...(freeze.since !== undefined ? { lastCentralContact: clock.now() - (Date.now() - freeze.since) } : {}),
  };
}

export interface AvailabilityDeps {
  config: StationConfig;
  clock: StationClock;
  logger: Logger;
  device: HostSupervisor<'device'>;
  sync: HostSupervisor<'sync'>;
  inventory: DeviceInventory;
  syncState(): SyncState;
  diskProbe?: DiskProbe;
  /** The last measured clock offset from the central system (health checks). */
  clockOffsetMs?(): number | undefined;
}

export interface AvailabilityService {
  readonly recorder: AvailabilityRecorder;
  /** The day report of `date` (YYYY-MM-DD, default today), counted up to now. */
  day(date?: string): Promise<AvailabilityReport>;
  stop(): Promise<void>;
}

export async function startAvailability(deps: AvailabilityDeps): Promise<AvailabilityService> {
  const { config, clock, sync, device } = deps;
  const hours = config.availability.openingHours;
  const minFreeBytes = (config.central?.minFreeMb ?? 512) * 1024 * 1024;
  const probe = deps.diskProbe ?? statfsFree;
  let enrollment: EnrollmentView | undefined;
  const recorder = new AvailabilityRecorder({
    clock,
    hours,
    logger: deps.logger,
    ledger: {
      last: () => unwrap(sync.call('availabilityLast', {})),
      record: (params) => unwrap(sync.call('availabilityRecord', params, 10_000)),
    },
    observe: async () => {
      const [enrolled, freeBytes] = await Promise.all([
        sync.current.state === 'running' ? sync.call('enrollment', {}, 2000) : undefined,
        probe(config.dataDir).catch(() => undefined),
      ]);
      if (enrolled?.ok) enrollment = enrolled.value;
      return {
        now: clock.now(),
        hosts: [device.current, sync.current],
        devices: deps.inventory.list(),
        enrollment,
        sync: deps.syncState(),
        freeBytes,
        minFreeBytes,
        ...freezeObservation(config, clock),
        clockOffsetMs: deps.clockOffsetMs?.(),
        clockDriftLimitMs: config.availability.clockDriftLimitSeconds * 1000,
      };
    },
  });
  await recorder.start();
  return {
    recorder,
    async day(date) {
      const nowMinute = Math.floor(clock.now() / MINUTE_MS);
      const day = date ?? localTime(clock.now(), hours.timeZone).date;
      const ranges = openingRanges(day, hours);
      const from = Math.min(...ranges.map((r) => r[0]), nowMinute);
      const to = Math.max(...ranges.map((r) => r[1]), nowMinute);
      const [{ records }, last] = await Promise.all([
        unwrap(sync.call('availabilityRange', { from, to })),
        unwrap(sync.call('availabilityLast', {})),
      ]);
      return dayReport(day, hours, records, { nowMinute, firstMinute: last.first ?? nowMinute });
    },
    stop: () => recorder.stop(),
  };
}

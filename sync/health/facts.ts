/**
 * What the sync side knows for the health checks (main/services/health decides ok / warn / fail):
 * enrollment and the station certificate, the clock measured against the central system over the
 * mutual-TLS link, free disk with its recorded samples, the outbox backlog, and the restarts the
 * availability ledger saw. `gatherSyncHealthFacts` is the one gatherer: the sync host runs it with
 * its live outbox and ledger, `recueil health` with read-only views of the same files. The schema
 * is what crosses the host RPC.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EnrollmentView } from '../../common/domain/sync';
import type { TlsMaterial } from '../config/material';
import type { SyncSettings } from '../config/settings';
import { enrollmentStatus } from '../enroll/status';
import { centralBaseUrl } from '../sender/central-url';
import type { AvailabilityLedger } from '../store/availability';
import type { OutboxBacklog } from '../store/backlog';
import { type FreeSpaceProbe, statfsProbe } from '../store/disk-space';
import { type ClockMeasurement, measureClock } from './clock-probe';
import { type DiskSample, readDiskSamples, recordDiskSample } from './disk-samples';

/** How far back the restart facts look. */
export const RESTART_WINDOW_DAYS = 7;
const MINUTE_MS = 60_000;

export const SyncHealthFacts = z.object({
  at: z.number(),
  enrollment: EnrollmentView,
  clock: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('not-enrolled') }),
    z.object({
      kind: z.literal('measured'),
      offsetMs: z.number(),
      roundTripMs: z.number(),
      samples: z.number().int(),
    }),
    z.object({ kind: z.literal('unreachable'), detail: z.string() }),
    z.object({
      kind: z.literal('refused'),
      status: z.number().int(),
      error: z.string().optional(),
      detail: z.string(),
    }),
  ]),
  disk: z.object({
    freeBytes: z.number().optional(),
    minFreeBytes: z.number(),
    samples: z.array(z.tuple([z.number(), z.number()])).max(1000),
  }),
  backlog: z
    .object({
      unsent: z.number().int(),
      oldestUnsentAt: z.number().optional(),
      parked: z.number().int(),
      oldestParkedAt: z.number().optional(),
    })
    .optional(),
  restarts: z
    .object({
      days: z.number().int(),
      /** Restarts after the station was not running during opening hours (crash, power cut, stop). */
      stationRestarts: z.number().int(),
      notRunningMinutes: z.number().int(),
      /** Opening minutes a host was crashed or restarting, per host. */
      hostCrashedMinutes: z.object({ device: z.number().int(), sync: z.number().int() }),
      /** Runs of consecutive such minutes: each is one crash (or restart) of that host. */
      hostCrashes: z.object({ device: z.number().int(), sync: z.number().int() }),
    })
    .optional(),
});
export type SyncHealthFacts = z.infer<typeof SyncHealthFacts>;

export interface SyncHealthSources {
  dataDir: string;
  /** The `central` section, paths resolved; undefined when the station is not enrolled. */
  settings?: SyncSettings | undefined;
  tls?: () => Promise<TlsMaterial>;
  backlog(): OutboxBacklog | undefined;
  /** The ledger (the sync host's, or a read-only one); undefined when there is none. */
  ledger(): AvailabilityLedger | undefined;
  /** The enrollment as already known (the sync host's, with why it could not open the station). */
  enrollment?: EnrollmentView | undefined;
  now?: () => number;
  diskProbe?: FreeSpaceProbe;
  measure?: typeof measureClock;
  /** Sampling the disk writes the samples file (false: read-only, tests). */
  recordSample?: boolean;
}

export function ledgerRestarts(
  ledger: AvailabilityLedger,
  nowMs: number,
  days = RESTART_WINDOW_DAYS,
): NonNullable<SyncHealthFacts['restarts']> {
  const to = Math.floor(nowMs / MINUTE_MS) + 1;
  const from = to - days * 1440;
  const hostCrashedMinutes = { device: 0, sync: 0 };
  const hostCrashes = { device: 0, sync: 0 };
  const lastCrashed = { device: -2, sync: -2 };
  let notRunningMinutes = 0;
  for (const record of ledger.range(from, to)) {
    if (record.source === 'not-running') notRunningMinutes++;
    for (const c of record.causes) {
      if (c.cause !== 'host-crashed' || !c.host) continue;
      hostCrashedMinutes[c.host] += 1;
      if (lastCrashed[c.host] !== record.minute - 1) hostCrashes[c.host] += 1;
      lastCrashed[c.host] = record.minute;
    }
  }
  const stationRestarts = ledger.events(from, to).filter((e) => e.kind === 'restart-gap').length;
  return { days, stationRestarts, notRunningMinutes, hostCrashedMinutes, hostCrashes };
}

async function clockOf(sources: SyncHealthSources): Promise<ClockMeasurement | { kind: 'not-enrolled' }> {
  if (!sources.settings || !sources.tls) return { kind: 'not-enrolled' };
  let baseUrl: string;
  let tls: TlsMaterial;
  try {
    baseUrl = centralBaseUrl(sources.settings);
    tls = await sources.tls();
  } catch (error) {
    return { kind: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  return (sources.measure ?? measureClock)(tls, baseUrl);
}

/** The data folder, or its nearest existing parent (a station that never ran has no folder yet). */
function existingFolder(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

export async function gatherSyncHealthFacts(sources: SyncHealthSources): Promise<SyncHealthFacts> {
  const at = (sources.now ?? Date.now)();
  const settings = sources.settings;
  const minFreeBytes = (settings?.minFreeMb ?? 512) * 1024 * 1024;
  const [clock, freeBytes] = await Promise.all([
    clockOf(sources),
    (sources.diskProbe ?? statfsProbe)(existingFolder(sources.dataDir)).catch(() => undefined),
  ]);
  const samples: DiskSample[] =
    freeBytes !== undefined && sources.recordSample !== false && existsSync(sources.dataDir)
      ? await recordDiskSample(sources.dataDir, [at, freeBytes]).catch(() => readDiskSamples(sources.dataDir))
      : await readDiskSamples(sources.dataDir);
  const ledger = sources.ledger();
  const backlog = sources.backlog();
  return {
    at,
    enrollment: sources.enrollment ?? enrollmentStatus({ central: settings }, { now: new Date(at) }),
    clock,
    disk: { ...(freeBytes !== undefined ? { freeBytes } : {}), minFreeBytes, samples },
    ...(backlog ? { backlog } : {}),
    ...(ledger ? { restarts: ledgerRestarts(ledger, at) } : {}),
  };
}

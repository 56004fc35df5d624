/**
 * The state of one station minute from what the station core sees at that moment: host processes,
 * devices, enrollment, free disk, the central system's reachability and the clock. Pure: the
 * recorder gathers the observation, this decides `ready`, `degraded` (an application can still be
 * captured) or `down` (none can), with the causes at that state (common/domain/availability.ts).
 *
 * Devices: an application needs the agent card reader (the session), a fingerprint scanner, a
 * signature pad and a camera. When none of such a kind works the minute is down; when one of
 * several does not, or the barcode reader (typed entry remains) does not, it is degraded.
 */
import type {
  AvailabilityState,
  DeviceKind,
  DeviceStatus,
  EnrollmentView,
  MinuteCause,
  SyncState,
} from '../../../common/domain';
import type { HostStatus } from '../../contract/model';

export const REQUIRED_KINDS: readonly DeviceKind[] = ['card-reader', 'fingerprint', 'signature', 'camera'];

export interface Observation {
  now: number;
  hosts: readonly HostStatus[];
  devices: readonly DeviceStatus[];
  /** The last enrollment view the sync host gave (undefined: not known yet). */
  enrollment?: EnrollmentView | undefined;
  sync?: SyncState | undefined;
  /** Free bytes on the data volume, and the outbox's reserve. */
  freeBytes?: number | undefined;
  minFreeBytes: number;
  /** Last successful contact with the central system (ms), and the freeze limit. */
  lastCentralContact?: number | undefined;
  freezeDays: number;
  /** Last measured clock offset from the central system (ms), and its limit. */
  clockOffsetMs?: number | undefined;
  clockDriftLimitMs: number;
}

export interface MinuteState {
  state: AvailabilityState;
  causes: MinuteCause[];
}

type Found = { severity: 'degraded' | 'down'; cause: MinuteCause };

function hostCauses(hosts: readonly HostStatus[]): Found[] {
  return hosts
    .filter((h) => h.state !== 'running')
    .map((h) => ({ severity: 'down', cause: { cause: 'host-crashed', host: h.host } }));
}

function deviceCauses(devices: readonly DeviceStatus[]): Found[] {
  const found: Found[] = [];
  const byKind = new Map<DeviceKind, DeviceStatus[]>();
  for (const d of devices) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d]);
  for (const [kind, list] of byKind) {
    const working = list.some((d) => d.connection === 'connected');
    const severity = REQUIRED_KINDS.includes(kind) && !working ? 'down' : 'degraded';
    for (const d of list) {
      if (d.connection === 'connected') continue;
      const cause = d.connection === 'error' ? 'device-faulty' : 'device-missing';
      found.push({ severity, cause: { cause, device: d.id } });
    }
  }
  return found;
}

function enrollmentCauses(o: Observation): Found[] {
  const view = o.enrollment;
  if (!view) return [];
  const expired = view.expiresAt !== undefined && Date.parse(view.expiresAt) <= o.now;
  if (expired) return [{ severity: 'down', cause: { cause: 'station-certificate-expired' } }];
  if (!view.enrolled) return [{ severity: 'down', cause: { cause: 'station-not-enrolled' } }];
  return [];
}

function diskCauses(o: Observation): Found[] {
  if (o.freeBytes === undefined) return [];
  if (o.freeBytes < o.minFreeBytes) return [{ severity: 'down', cause: { cause: 'disk-low' } }];
  if (o.freeBytes < 2 * o.minFreeBytes) return [{ severity: 'degraded', cause: { cause: 'disk-low' } }];
  return [];
}

function centralCauses(o: Observation): Found[] {
  const found: Found[] = [];
  if (o.lastCentralContact !== undefined && o.now - o.lastCentralContact > o.freezeDays * 86_400_000)
    found.push({ severity: 'down', cause: { cause: 'freeze-limit-exceeded' } });
  if (o.sync && !o.sync.online && (o.sync.state === 'offline' || o.sync.state === 'backoff'))
    found.push({ severity: 'degraded', cause: { cause: 'central-unreachable' } });
  if (o.clockOffsetMs !== undefined && Math.abs(o.clockOffsetMs) > o.clockDriftLimitMs)
    found.push({ severity: 'degraded', cause: { cause: 'clock-drift' } });
  return found;
}

export function classify(o: Observation): MinuteState {
  const hosts = hostCauses(o.hosts);
  // Without the device host there is no device to look at; without the sync host, no enrollment.
  const deviceHostUp = !hosts.some((f) => f.cause.host === 'device');
  const found = [
    ...hosts,
    ...(deviceHostUp ? deviceCauses(o.devices) : []),
    ...enrollmentCauses(o),
    ...diskCauses(o),
    ...centralCauses(o),
  ];
  const state: AvailabilityState = found.some((f) => f.severity === 'down')
    ? 'down'
    : found.length > 0
      ? 'degraded'
      : 'ready';
  return { state, causes: found.filter((f) => f.severity === state).map((f) => f.cause) };
}

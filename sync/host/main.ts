/**
 * Sync host entry: the process that owns the outbox and talks to the central title system. It opens
 * the enrolled station (keys, pinned certificates, outbox with its startup recovery), runs the sync
 * engine in the background, starts the embedded reference central server when the configuration
 * says "embedded" (demo and tests), and serves the `sync` host methods. A station without a central
 * section is not enrolled: it says so and queues nothing.
 */

import { connectToParent, serveHost } from '../../main/contract/host-rpc';
import type { QueueStatus, SyncState } from '../../main/contract/model';
import { createSyncEngine, type SyncEngine } from '../engine';
import { type RunningCentral, startCentralServer } from '../server';
import { centralBaseUrl } from '../station/central-url';
import { openStation, type StationContext } from '../station/context';
import type { OutboxEntry } from '../store';

const started = Date.now();
const configFile = process.env.RECUEIL_CONFIG_FILE || undefined;

let station: StationContext | undefined;
let engine: SyncEngine | undefined;
let central: RunningCentral | undefined;
let startupProblem: string | undefined;

const notEnrolled: SyncState = {
  state: 'blocked',
  online: false,
  queued: 0,
  detail:
    'Poste non enrôlé auprès du système central : aucun dossier ne peut être transmis (recueil enroll).',
};

function item(entry: OutboxEntry): QueueStatus['items'][number] {
  return {
    id: entry.dossierId,
    kind: entry.kind,
    state: entry.state,
    attempts: entry.attempts,
    ...(entry.lastError ? { lastError: entry.lastError } : {}),
    ...(entry.parkCause ? { parkCause: entry.parkCause } : {}),
    enqueuedAt: new Date(entry.enqueuedAt).toISOString(),
    sizeBytes: entry.blob?.size ?? 0,
  };
}

function currentState(): SyncState {
  if (startupProblem) return { state: 'blocked', online: false, queued: 0, detail: startupProblem };
  if (!engine || !station) return notEnrolled;
  const counts = station.outbox.counts();
  return { ...engine.state(), queued: counts.queued + counts.uploading };
}

const host = serveHost('sync', connectToParent(), {
  health: () => ({
    host: 'sync',
    pid: process.pid,
    uptimeMs: Date.now() - started,
    rssBytes: process.memoryUsage().rss,
  }),
  status: () => currentState(),
  queue: () => {
    if (!station)
      return { enrolled: false, counts: { queued: 0, uploading: 0, acknowledged: 0, parked: 0 }, items: [] };
    const items = station.outbox.list({ limit: 50 }).filter((e) => e.state !== 'purged');
    return { enrolled: true, counts: station.outbox.counts(), items: items.map(item) };
  },
  syncNow: () => {
    engine?.kick();
    return currentState();
  },
});

async function open(): Promise<void> {
  if (!configFile) return;
  try {
    station = await openStation(configFile);
    const settings = station.config.settings;
    if (settings.url === 'embedded' && settings.embedded)
      central = await startCentralServer(settings.embedded.centralConfig);
    engine = createSyncEngine({
      outbox: station.outbox,
      settings,
      material: station.material,
      baseUrl: centralBaseUrl(settings),
      onState: () => host.emit('sync.state', currentState()),
      onProgress: (p) =>
        host.emit('progress', {
          operation: 'sync',
          done: p.sent,
          total: p.total,
          label: `Envoi du dossier ${p.dossierId.slice(0, 8)}…`,
        }),
    });
    engine.start();
  } catch (error) {
    startupProblem = `Synchronisation indisponible : ${error instanceof Error ? error.message : String(error)}`;
  }
}

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await engine?.close().catch(() => undefined);
  station?.close();
  await central?.close().catch(() => undefined);
  process.exit(0);
}
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

// No top-level await: the Electron build bundles this entry as CommonJS.
void open().then(() => {
  host.ready();
  host.emit('sync.state', currentState());
});

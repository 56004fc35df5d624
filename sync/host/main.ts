/**
 * Sync host entry: the process that owns the outbox and talks to the central title system. It opens
 * the enrolled station (keys, pinned certificates, outbox with its startup recovery), runs the sync
 * engine in the background, starts the embedded reference central server when the configuration
 * says "embedded" (demo and tests: embedded-central.ts), and serves the `sync` host methods. A
 * station without a central section is not enrolled: it says so and queues nothing. It runs at a
 * lower OS priority than the rest of the station (priority.ts).
 */

import { join } from 'node:path';
import type { QueueStatus, SyncState } from '../../common/domain';
import { StationError } from '../../common/errors';
import { connectToParent, serveHost } from '../../common/rpc/host-rpc';
import { outboxCauseMessage } from '../client/causes';
import { protectorFor } from '../config/material';
import { configurationPull, startFreezeCount, versionInForce } from '../configuration';
import { openCounterLink } from '../counter';
import { DraftVault } from '../drafts/vault';
import { createSyncEngine, type SyncEngine } from '../engine';
import { enrollmentStatus } from '../enroll/status';
import { diskSampler, gatherSyncHealthFacts } from '../health';
import { centralBaseUrl } from '../sender/central-url';
import { openStation, type StationContext } from '../sender/context';
import { submitCapturedDossier } from '../sender/submit';
import { type OutboxEntry, statfsProbe } from '../store';
import { ledgerService } from './availability';
import { type CounterHostService, counterHostService } from './counter';
import { type EmbeddedCentral, startEmbeddedCentral } from './embedded-central';
import { startupFailure, translateSyncHostError } from './errors';
import { lowerOwnPriority } from './priority';
import { syncHostProtocol } from './protocol';

// Background work: the counter's hosts and main go first when the cores are short (priority.ts).
lowerOwnPriority();

const started = Date.now();
const configFile = process.env.RECUEIL_CONFIG_FILE || undefined;

let station: StationContext | undefined;
let engine: SyncEngine | undefined;
let central: EmbeddedCentral | undefined;
let counter: CounterHostService | undefined;
/** Why the station could not be opened at start: every call that needs it answers this. */
let startupProblem: StationError | undefined;
let drafts: Promise<DraftVault> | undefined;
const dataDir = process.env.RECUEIL_DATA_DIR || undefined;
const ledger = ledgerService(dataDir);
/** Free-disk samples for the health checks' trend, taken with the availability minutes. */
const disk = dataDir ? diskSampler(dataDir, statfsProbe) : undefined;

/** The drafts vault, opened on first use with the station key's protector. */
function vault(): Promise<DraftVault> {
  if (!station) throw unopened();
  const settings = station.config.settings;
  drafts ??= protectorFor(settings.signingKey).then((protector) =>
    DraftVault.open(join(station!.config.dataDir, 'drafts'), protector),
  );
  drafts.catch(() => {
    drafts = undefined;
  });
  return drafts;
}

const notEnrolled: SyncState = {
  state: 'blocked',
  online: false,
  queued: 0,
  detail:
    'Poste non enrôlé auprès du système central : aucun dossier ne peut être transmis (recueil enroll).',
};

/** The error of a call that needs the station when there is none: why it could not be opened, or not enrolled. */
function unopened(): StationError {
  return startupProblem ?? new StationError('NOT_ENROLLED', notEnrolled.detail ?? 'Poste non enrôlé.');
}

function item(entry: OutboxEntry): QueueStatus['items'][number] {
  return {
    id: entry.dossierId,
    kind: entry.kind,
    state: entry.state,
    attempts: entry.attempts,
    // The agent reads the cause's sentence; the stored technical message stays for the CLI.
    ...(entry.lastError ? { lastError: outboxCauseMessage(entry.lastErrorCause) } : {}),
    ...(entry.parkCause ? { parkCause: outboxCauseMessage(entry.parkCause) } : {}),
    enqueuedAt: new Date(entry.enqueuedAt).toISOString(),
    sizeBytes: entry.blob?.size ?? 0,
  };
}

function currentState(): SyncState {
  if (startupProblem) {
    const problem = startupProblem.toPayload();
    return { state: 'blocked', online: false, queued: 0, detail: problem.message, problem };
  }
  if (!engine || !station) return notEnrolled;
  const counts = station.outbox.counts();
  const queued = counts.queued + counts.uploading;
  // The embedded demonstration central that cannot listen blocks sync until it can (it retries).
  const centralProblem = central?.problem()?.toPayload();
  if (centralProblem)
    return {
      state: 'blocked',
      online: false,
      queued,
      detail: centralProblem.message,
      problem: centralProblem,
    };
  return { ...engine.state(), queued };
}

// Lower-layer errors (a full disk, a key that cannot be unlocked) reach main through
// translateSyncHostError as contract codes with their French message.
const host = serveHost(
  syncHostProtocol,
  connectToParent(),
  {
    health: () => ({
      host: 'sync',
      pid: process.pid,
      uptimeMs: Date.now() - started,
      rssBytes: process.memoryUsage().rss,
    }),
    status: () => currentState(),
    queue: () => {
      if (!station)
        return {
          enrolled: false,
          counts: { queued: 0, uploading: 0, acknowledged: 0, parked: 0 },
          items: [],
        };
      const inbox = station.outbox.inbox;
      const central = new Map(inbox.statuses().map((s) => [s.dossier, s]));
      const items = station.outbox.list({ limit: 200 }).map((entry) => {
        const known = central.get(entry.dossierId);
        return {
          ...item(entry),
          ...(known ? { centralStatus: known.status, centralStatusAt: known.at } : {}),
        };
      });
      return {
        enrolled: true,
        counts: station.outbox.counts(),
        items,
        requests: inbox.openRequests(Date.now()),
      };
    },
    syncNow: () => {
      engine?.kick();
      return currentState();
    },
    draftSave: async ({ id, kind, expiresAt, base64 }) => {
      await (await vault()).save({ id, kind, expiresAt, content: Buffer.from(base64, 'base64') });
      return { saved: true };
    },
    draftLoad: async ({ kind }) => {
      const record = await (await vault()).latest(kind);
      return record
        ? {
            id: record.id,
            expiresAt: record.expiresAt,
            base64: Buffer.from(record.content).toString('base64'),
          }
        : null;
    },
    counterLookup: ({ kind, number }) => {
      if (!station || !counter) throw unopened();
      return counter.lookup(kind, number);
    },
    counterConsume: ({ kind, number, draftId }) => {
      if (!station || !counter) throw unopened();
      return counter.consume(kind, number, draftId);
    },
    ephotoFetch: ({ code }) => {
      if (!station || !counter) throw unopened();
      return counter.ephoto(code);
    },
    ephotoMarkUsed: ({ code, draftId }) => {
      if (!station || !counter) throw unopened();
      return counter.ephotoUsed(code, draftId);
    },
    enrollment: () => {
      if (!station) return { enrolled: false, reason: startupProblem?.message ?? notEnrolled.detail };
      return enrollmentStatus({ central: station.config.settings });
    },
    draftDelete: async ({ id }) => {
      await (await vault()).remove(id);
      return { deleted: true };
    },
    availabilityRecord: (params) => {
      void disk?.tick();
      return ledger.record(params);
    },
    availabilityLast: () => ledger.last(),
    availabilityRange: (params) => ledger.range(params),
    inboxJournal: () => ({ entries: station ? station.outbox.inbox.unaudited() : [] }),
    inboxAudited: ({ seqs }) => {
      station?.outbox.inbox.markAudited(seqs);
      return { marked: station ? seqs.length : 0 };
    },
    healthFacts: () =>
      gatherSyncHealthFacts({
        dataDir: station?.config.dataDir ?? dataDir ?? '.',
        settings: station?.config.settings,
        ...(station ? { tls: async () => station!.material.tls } : {}),
        backlog: () => station?.outbox.backlog(),
        ledger: () => (dataDir ? ledger.store() : undefined),
        ...(station ? {} : { enrollment: { enrolled: false, reason: unopened().message } }),
      }),
    submit: async ({ kind, agentId, parts }) => {
      if (!station) throw unopened();
      // The dossier records the configuration it was captured under (built-in: 0).
      const configVersion = versionInForce(station.config.dataDir);
      const entry = await submitCapturedDossier(station, { kind, agentId, configVersion, parts });
      engine?.kick();
      host.emit('sync.state', currentState());
      return { dossierId: entry.dossierId, enqueuedAt: new Date(entry.enqueuedAt).toISOString() };
    },
  },
  translateSyncHostError,
);

async function open(): Promise<void> {
  if (!configFile) return;
  try {
    station = await openStation(configFile);
    const settings = station.config.settings;
    await startFreezeCount(station.config.dataDir).catch(() => undefined);
    if (settings.url === 'embedded' && settings.embedded)
      central = startEmbeddedCentral(settings.embedded.centralConfig, {
        onListening: () => engine?.kick(),
        onChange: () => host.emit('sync.state', currentState()),
      });
    const opened = station;
    counter = counterHostService({
      dataDir: opened.config.dataDir,
      openLink: () => openCounterLink(opened.config),
      onResolved: (resolved) => host.emit('counter.resolved', resolved),
    });
    engine = createSyncEngine({
      afterPass: () => counter?.drain() ?? Promise.resolve(),
      outbox: station.outbox,
      settings,
      material: station.material,
      baseUrl: centralBaseUrl(settings),
      pull: configurationPull({
        dataDir: station.config.dataDir,
        central: station.material.central,
        onOutcome: (outcome) => {
          if (outcome.outcome !== 'unchanged') host.emit('configuration.outcome', outcome);
        },
      }),
      onState: () => host.emit('sync.state', currentState()),
      onInbox: (outcome) => {
        if ('result' in outcome && outcome.result.accepted + outcome.result.refused.length > 0) {
          host.emit('inbox.changed', {
            accepted: outcome.result.accepted,
            refused: outcome.result.refused.length,
          });
          // the screens that list dossiers refresh on sync.state: their central statuses moved
          if (outcome.result.accepted > 0) host.emit('sync.state', currentState());
        }
      },
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
    startupProblem = startupFailure(error);
  }
}

/** Longest graceful shutdown of the host before it exits anyway. */
const SHUTDOWN_DEADLINE_MS = 1500;
let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Whatever hangs (an upload in flight, a slow disk), the host is gone within the deadline: its
  // parent may be dead, and every outbox write is an atomic transaction, safe to cut short.
  setTimeout(() => process.exit(0), SHUTDOWN_DEADLINE_MS).unref();
  await engine?.close().catch(() => undefined);
  counter?.close();
  station?.close();
  ledger.close();
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

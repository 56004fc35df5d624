/**
 * The sync engine: claims due dossiers from the outbox, delivers them (sync/client), records the
 * verified receipt, and decides what a failure means.
 *
 *   idle ──(queued)──> uploading ──(all sent)──> idle
 *                          │  dossier failure: requeued with its own backoff ──> backoff
 *                          │  station failure (unreachable) ──> offline (engine backoff, health probe)
 *                          │  certificate refused (either side) ──> blocked (probe slowly; needs a person)
 *
 * Exactly-once rests on three facts: the central stores per dossier id and answers duplicates with
 * the stored receipt; a dossier becomes `acknowledged` only after `Outbox.acknowledge` verified the
 * receipt (central signature, dossier id, station, ciphertext SHA-256); and a dossier in any other
 * state is simply sent again (resumed or answered from the stored receipt).
 *
 * Poison dossiers: a permanent refusal (`retryable: false`: bad signature, undecryptable, invalid,
 * conflicting id) parks the dossier at once with its cause; a dossier-specific retryable failure
 * (5xx, transfer corrupted, cut connection, invalid receipt) parks it after `retry.maxAttempts`
 * attempts. Retries are ordered by next-attempt time, so a failing dossier steps behind the others.
 * Station-wide failures (network, certificates) do not count against a dossier: after one, the
 * engine probes /v1/health before claiming again. Offline, the back-off grows up to
 * retry.maxDelayMs, but a bare TCP connect a second (client/reachability.ts) ends it as soon as the
 * central's port answers again: after a long outage the sync resumes within about a second. A
 * central that answers 503/429 with Retry-After is obeyed: no more claims, no probe, that wait.
 *
 * One syncer per outbox: every pass runs under the outbox's syncer lock (sync/store
 * syncer-lock.ts), so `recueil sync now` and the station's sync host never claim dossiers at the
 * same time. A syncer kept out retries every second: `syncNow` until its deadline, then reports
 * cause `syncer-busy` with the holder's pid (the CLI exits non-zero); the background loop keeps
 * trying. Ciphertext buffers come from a small pool (a fresh 3 MB buffer costs more than the read).
 *
 * Each pass that reached the central then pulls the central's messages into the inbox (sync/inbox),
 * under the same lock; a failed pull is reported (`onInbox`) and never fails the pass.
 */
import type { Agent } from 'node:https';
import type { SyncState } from '../../common/domain';
import {
  CAUSE_MESSAGES,
  createTlsAgent,
  DeliveryFailure,
  deliverDossier,
  type FailureCause,
  probeCentral,
  watchLinkUp,
} from '../client';
import type { StationMaterial } from '../config/material';
import type { SyncSettings } from '../config/settings';
import { BufferPool } from '../crypto/buffer-pool';
import { centralMessages, type PullResult, pullMessages } from '../inbox';
import { HEALTH_PATH } from '../protocol/http';
import {
  BlobIntegrityError,
  type Outbox,
  type OutboxEntry,
  SyncerBusyError,
  type SyncerLock,
} from '../store';
import { backoffDelay } from './backoff';
import { BLOCKING_CAUSES, describeState, type EngineRunState } from './states';

export interface SyncProgress {
  dossierId: string;
  sent: number;
  total: number;
}

export interface SyncResult {
  /** Dossiers acknowledged during this run. */
  sent: number;
  /** Dossiers parked during this run. */
  parked: number;
  /** Dossiers still queued or uploading at the end. */
  remaining: number;
  /** Why something remains (the last failure), and its French explanation. */
  cause?: FailureCause;
  explanation?: string;
}

export interface SyncEngineOptions {
  outbox: Outbox;
  settings: SyncSettings;
  material: StationMaterial;
  /** The central's base URL; default settings.url (required when that is "embedded"). */
  baseUrl?: string;
  onState?: (state: SyncState) => void;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * The background loop's follow-up of each pass that did not find the central cut off (the
   * counter checks deferred while offline, sync/host/counter.ts); its failures are its own.
   */
  afterPass?: () => Promise<void>;
  /** After each pass that reached the central: what the pull of central messages gave, or why it failed. */
  onInbox?: (outcome: { result: PullResult } | { error: unknown }) => void;
  /** Dossier body bytes flushed to the connection (re-sends after a cut included): the benches' count. */
  onBodySent?: (dossierId: string, bytes: number) => void;
  /**
   * What the station pulls from the central after a pass that reached it (the signed
   * configuration: sync/configuration/pull.ts): at every `syncNow`, and every `pullIntervalMs`
   * (default 5 min) in the background. A pull that cannot reach the central makes the next pass
   * probe it (offline state, link-up detection).
   */
  pull?: (link: { agent: Agent; baseUrl: string; timeoutMs: number }) => Promise<void>;
  pullIntervalMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface SyncEngine {
  /** Sends until the queue is empty or nothing more can be sent within `giveUpAfterMs`. */
  syncNow(options?: { giveUpAfterMs?: number }): Promise<SyncResult>;
  /** Background loop (the sync host). */
  start(): void;
  stop(): Promise<void>;
  /** Wake the background loop (a dossier was just queued). */
  kick(): void;
  state(): SyncState;
  /** Stops and releases the connections. */
  close(): Promise<void>;
}

interface PassResult {
  sent: number;
  parked: number;
  stationFailure?: DeliveryFailure;
  lastCause?: FailureCause;
  /** Another process holds the outbox's syncer lock: nothing was claimed. */
  busy?: SyncerBusyError;
}

const DEFAULT_GIVE_UP_MS = 30_000;
const POLL_MS = 30_000;
/** How often a syncer kept out by another process's syncer lock tries again. */
const BUSY_RETRY_MS = 1000;
/** Offline, the central's port is tried this often (client/reachability.ts): link-up detection. */
const LINK_CHECK_MS = 1000;
/** The longest a central's Retry-After is obeyed (a mistaken "come back tomorrow" stays bounded). */
const RETRY_AFTER_CAP_MS = 30 * 60_000;
/** Stations woken by the same link-up spread their first request over this long. */
const LINK_UP_SPREAD_MS = 300;
const PULL_INTERVAL_MS = 5 * 60_000;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { outbox, settings, material } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseUrl = (options.baseUrl ?? settings.url).replace(/\/+$/, '');
  if (!baseUrl.startsWith('https://'))
    throw new Error('the sync engine needs the https:// URL of the central system');
  const agent = createTlsAgent(material.tls, { maxSockets: settings.upload.parallel + 2 });
  const policy = { baseDelayMs: settings.retry.baseDelayMs, maxDelayMs: settings.retry.maxDelayMs };
  // Ciphertext buffers, reused from one dossier to the next (ciphertext: no need to wipe them).
  const buffers = new BufferPool(settings.upload.parallel, { wipe: false });

  let current: SyncState = describeState('idle', outbox.counts().queued);
  let needsProbe = false;
  let passInFlight: Promise<PassResult> | undefined;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const controller = new AbortController();

  /** When the central stopped answering (the first station failure of the current outage). */
  let offlineSince: number | undefined;
  const setState = (state: EngineRunState, cause?: FailureCause) => {
    const counts = outbox.counts();
    if (state === 'offline') offlineSince ??= now();
    else if (state !== 'blocked') offlineSince = undefined;
    const next = describeState(state, counts.queued + counts.uploading, cause, {
      offlineForMs: now() - (offlineSince ?? now()),
    });
    if (next.state !== current.state || next.queued !== current.queued || next.detail !== current.detail) {
      current = next;
      options.onState?.(current);
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  /**
   * Offline: sleeps the back-off, but wakes as soon as the central's port answers again after
   * it did not (the link or the central is back), a little spread so stations do not all return
   * in the same millisecond.
   */
  const sleepOffline = async (ms: number) => {
    let spread: NodeJS.Timeout | undefined;
    const stop = watchLinkUp(baseUrl, {
      intervalMs: LINK_CHECK_MS,
      onUp: () => {
        spread = setTimeout(() => wake?.(), random() * LINK_UP_SPREAD_MS);
      },
    });
    try {
      await sleep(ms);
    } finally {
      stop();
      clearTimeout(spread);
    }
  };

  /** When the last pull succeeded (undefined: not yet); `forcePull`: asked for by `kick`. */
  let pulledAt: number | undefined;
  let forcePull = false;
  const pullIntervalMs = options.pullIntervalMs ?? PULL_INTERVAL_MS;
  /**
   * Pulls when asked (`force`) or due. A pull that fails has the next pass probe the central; when
   * the central could not be reached at all, that failure is returned (the station is offline).
   */
  async function pullIfDue(force: boolean): Promise<DeliveryFailure | undefined> {
    if (!options.pull || controller.signal.aborted) return undefined;
    if (!force && pulledAt !== undefined && now() - pulledAt < pullIntervalMs) return undefined;
    try {
      await options.pull({ agent, baseUrl, timeoutMs: settings.upload.stallTimeoutMs });
      pulledAt = now();
      return undefined;
    } catch (error) {
      needsProbe = true;
      return error instanceof DeliveryFailure && error.scope === 'station' ? error : undefined;
    }
  }

  const probe = () => probeCentral(material.tls, baseUrl, HEALTH_PATH, settings.upload.stallTimeoutMs);

  function deliverOne(entry: OutboxEntry): Promise<'sent' | 'parked' | DeliveryFailure> {
    return buffers.lend((into) => deliverFrom(entry, into));
  }

  async function deliverFrom(
    entry: OutboxEntry,
    into: (size: number) => Buffer,
  ): Promise<'sent' | 'parked' | DeliveryFailure> {
    let ciphertext: Buffer;
    try {
      ciphertext = await outbox.readCiphertext(entry.dossierId, into);
    } catch (error) {
      if (error instanceof BlobIntegrityError) {
        outbox.park(entry.dossierId, 'blob-corrupt', error.message);
        return 'parked';
      }
      throw error;
    }
    let failure: DeliveryFailure;
    try {
      const receipt = await deliverDossier(
        { dossierId: entry.dossierId, dispatch: entry.dispatch, ciphertext, attempt: entry.attempts },
        {
          baseUrl,
          agent,
          chunkSizeBytes: settings.upload.chunkSizeBytes,
          stallTimeoutMs: settings.upload.stallTimeoutMs,
          signal: controller.signal,
          onProgress: (sent, total) => options.onProgress?.({ dossierId: entry.dossierId, sent, total }),
          ...(options.onBodySent
            ? { onBodySent: (bytes: number) => options.onBodySent?.(entry.dossierId, bytes) }
            : {}),
        },
      );
      try {
        await outbox.acknowledge(entry.dossierId, receipt);
        return 'sent';
      } catch (error) {
        failure = new DeliveryFailure(
          'receipt-invalid',
          'dossier',
          true,
          error instanceof Error ? error.message : String(error),
        );
      }
    } catch (error) {
      failure =
        error instanceof DeliveryFailure
          ? error
          : new DeliveryFailure(
              'protocol-error',
              'dossier',
              true,
              error instanceof Error ? error.message : String(error),
            );
    }
    const at = now();
    if (!failure.retryable || (failure.scope === 'dossier' && entry.attempts >= settings.retry.maxAttempts)) {
      outbox.park(entry.dossierId, failure.reason, failure.message);
      return 'parked';
    }
    const retryAt = failure.scope === 'station' ? at : at + backoffDelay(policy, entry.attempts, random);
    outbox.recordFailure(entry.dossierId, { error: failure.message, cause: failure.reason, retryAt });
    return failure;
  }

  /** Delivers due dossiers with `parallel` workers until none is due or the station is cut off. */
  async function pass(): Promise<PassResult> {
    const result: PassResult = { sent: 0, parked: 0 };
    if (needsProbe) {
      const failure = await probe();
      if (failure) return { ...result, stationFailure: failure, lastCause: failure.reason };
      needsProbe = false;
    }
    const worker = async () => {
      while (!result.stationFailure && !controller.signal.aborted) {
        const entry = outbox.claimNext(now());
        if (!entry) return;
        setState('uploading');
        const outcome = await deliverOne(entry);
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'parked') result.parked++;
        else {
          result.lastCause = outcome.reason;
          if (outcome.retryAfterMs !== undefined) {
            // The central asked to hold off (503/429 Retry-After): stop claiming, wait that long.
            result.stationFailure = outcome;
          } else if (outcome.scope === 'station') {
            // Tell a refused certificate from a dead network (see client/transport.ts); if the
            // central answers again, carry on with the next dossier.
            const diagnosis = await probe();
            if (diagnosis) {
              result.stationFailure = diagnosis;
              result.lastCause = diagnosis.reason;
              needsProbe = true;
            }
          }
        }
      }
    };
    await Promise.all(Array.from({ length: settings.upload.parallel }, worker));
    return result;
  }

  /** A pass under the outbox's syncer lock (one syncing process per outbox, see sync/store). */
  async function lockedPass(): Promise<PassResult> {
    let lock: SyncerLock;
    try {
      lock = outbox.lockSyncer();
    } catch (error) {
      if (error instanceof SyncerBusyError)
        return { sent: 0, parked: 0, busy: error, lastCause: 'syncer-busy' };
      throw error;
    }
    try {
      const result = await pass();
      // The central's messages come with each pass that reached it (under the same lock: one puller).
      if (!result.stationFailure && !controller.signal.aborted) await pullInbox();
      return result;
    } finally {
      lock.release();
    }
  }

  async function pullInbox(): Promise<void> {
    try {
      const result = await pullMessages(centralMessages({ agent, baseUrl }), outbox.inbox, material.central, {
        stationId: material.keys.stationId,
        now,
      });
      options.onInbox?.({ result });
    } catch (error) {
      options.onInbox?.({ error });
    }
  }

  /** One pass at a time: concurrent callers share the pass in flight, then run their own. */
  async function exclusivePass(): Promise<PassResult> {
    while (passInFlight) await passInFlight.catch(() => undefined);
    passInFlight = lockedPass();
    try {
      return await passInFlight;
    } finally {
      passInFlight = undefined;
    }
  }

  function settle(result: PassResult | undefined): void {
    const counts = outbox.counts();
    if (result?.stationFailure?.retryAfterMs !== undefined) setState('backoff', result.stationFailure.reason);
    else if (result?.stationFailure) {
      setState(
        BLOCKING_CAUSES.has(result.stationFailure.reason) ? 'blocked' : 'offline',
        result.stationFailure.reason,
      );
    } else if (counts.queued > 0) setState('backoff', result?.lastCause);
    else setState('idle');
  }

  async function syncNow(run: { giveUpAfterMs?: number } = {}): Promise<SyncResult> {
    const started = now();
    const deadline = started + (run.giveUpAfterMs ?? DEFAULT_GIVE_UP_MS);
    outbox.makeDue(started);
    needsProbe = false;
    let sent = 0;
    let parked = 0;
    let lastCause: FailureCause | undefined;
    let busy: SyncerBusyError | undefined;
    let stationFailures = 0;
    let reached = false;
    for (;;) {
      const result = await exclusivePass();
      reached = !result.stationFailure && !result.busy;
      sent += result.sent;
      parked += result.parked;
      if (result.lastCause) lastCause = result.lastCause;
      busy = result.busy;
      settle(result);
      let wakeAt: number | undefined;
      if (result.busy) {
        // Wait for the other syncer (within the deadline), then report it as the cause.
        wakeAt = now() + BUSY_RETRY_MS;
      } else if (result.stationFailure?.retryAfterMs !== undefined) {
        wakeAt = now() + Math.min(result.stationFailure.retryAfterMs, RETRY_AFTER_CAP_MS);
      } else if (result.stationFailure) {
        if (BLOCKING_CAUSES.has(result.stationFailure.reason)) break;
        stationFailures++;
        wakeAt = now() + backoffDelay(policy, stationFailures, random);
      } else {
        stationFailures = 0;
        wakeAt = outbox.nextAttemptAt();
        if (wakeAt === undefined) break;
      }
      if (wakeAt > deadline || controller.signal.aborted) break;
      if (result.stationFailure && result.stationFailure.retryAfterMs === undefined)
        await sleepOffline(wakeAt - now());
      else await sleep(wakeAt - now());
    }
    if (reached) await pullIfDue(true);
    await outbox.purgeDue(now());
    const counts = outbox.counts();
    const remaining = counts.queued + counts.uploading;
    return {
      sent,
      parked,
      remaining,
      ...(remaining > 0 && lastCause
        ? { cause: lastCause, explanation: busy ? busy.message : CAUSE_MESSAGES[lastCause] }
        : {}),
    };
  }

  async function backgroundLoop(): Promise<void> {
    let stationFailures = 0;
    while (running) {
      let result: PassResult | undefined;
      try {
        await outbox.purgeDue(now());
        result = await exclusivePass();
      } catch {
        result = undefined;
      }
      if (!running) break;
      if (result && !result.stationFailure && !result.busy) {
        const unreachable = await pullIfDue(forcePull);
        forcePull = false;
        if (unreachable) result = { ...result, stationFailure: unreachable, lastCause: unreachable.reason };
      }
      settle(result);
      if (result && !result.stationFailure && !result.busy)
        await options.afterPass?.().catch(() => undefined);
      let delay: number;
      if (result?.busy) {
        delay = BUSY_RETRY_MS;
      } else if (result?.stationFailure?.retryAfterMs !== undefined) {
        delay = Math.min(result.stationFailure.retryAfterMs, RETRY_AFTER_CAP_MS);
      } else if (result?.stationFailure) {
        stationFailures++;
        delay = backoffDelay(policy, stationFailures, random);
      } else {
        stationFailures = 0;
        const next = outbox.nextAttemptAt();
        delay = next === undefined ? POLL_MS : Math.min(POLL_MS, next - now());
      }
      const failure = result?.stationFailure;
      if (failure && failure.retryAfterMs === undefined && !BLOCKING_CAUSES.has(failure.reason))
        await sleepOffline(delay);
      else await sleep(delay);
    }
  }

  return {
    syncNow,
    start() {
      if (running) return;
      running = true;
      loop = backgroundLoop();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },
    kick() {
      // "Synchroniser maintenant": the next pass also pulls, whenever the last pull was
      forcePull = true;
      wake?.();
    },
    state: () => current,
    async close() {
      running = false;
      controller.abort();
      wake?.();
      await loop;
      await passInFlight?.catch(() => undefined);
      agent.destroy();
    },
  };
}

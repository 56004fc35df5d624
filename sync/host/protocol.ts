/**
 * The sync host's protocol (main <-> sync host): sync and queue status, sealing and queueing a
 * captured dossier, the encrypted drafts vault and the enrollment state, with the events the host
 * pushes. Main validates every reply and event against these schemas.
 */
import { z } from 'zod';
import { EnrollmentView, MinuteRecord, Progress, QueueStatus, SyncState } from '../../common/domain';
import { defineHostProtocol, HostHealth, NoParams } from '../../common/rpc/host-rpc';
import { ConfigurationOutcome } from '../configuration/in-force';
import { DEFERRED_KINDS } from '../counter/deferred';
import { PreApplicationAnswer, RdvApplicationStatus, TaxStampAnswer } from '../protocol/counter-services';

/** The counter lookups the identity step asks the sync host for (sync/host/counter.ts). */
export const CounterLookupKind = z.enum(['pre-application', 'appointments', 'tax-stamp']);
export type CounterLookupKind = z.infer<typeof CounterLookupKind>;

/**
 * A lookup's outcome: the service's answer; deferred (the central is out of reach: journalled,
 * redone after a sync pass, `counter.resolved` then); or failed (bad number, no answer in time,
 * service error), with the French sentence.
 */
export const CounterLookupResult = z.union([
  z.object({
    outcome: z.literal('answered'),
    kind: z.literal('pre-application'),
    answer: PreApplicationAnswer,
  }),
  z.object({ outcome: z.literal('answered'), kind: z.literal('appointments'), answer: RdvApplicationStatus }),
  z.object({ outcome: z.literal('answered'), kind: z.literal('tax-stamp'), answer: TaxStampAnswer }),
  z.object({
    outcome: z.literal('deferred'),
    number: z.string(),
    deferredId: z.string(),
    message: z.string(),
  }),
  z.object({
    outcome: z.literal('failed'),
    failure: z.enum(['format', 'check', 'offline', 'timeout', 'server-error', 'refused', 'protocol']),
    message: z.string(),
  }),
]);
export type CounterLookupResult = z.infer<typeof CounterLookupResult>;

/** A deferred operation done after a sync pass, with the service's answer (as journalled). */
export const CounterResolved = z.object({
  id: z.string(),
  kind: z.enum(DEFERRED_KINDS),
  number: z.string(),
  draftId: z.string().optional(),
  answer: z.unknown(),
});
export type CounterResolved = z.infer<typeof CounterResolved>;

/**
 * An e-photo code's record, fetched and verified by the sync host (sync/counter/ephoto.ts): the
 * portrait and signature in memory (base64), or the refusal with the agent's French sentence.
 */
export const EphotoFetchResult = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('accepted'),
    code: z.string(),
    provider: z.string(),
    takenAt: z.string(),
    expiresAt: z.string(),
    photoJpegBase64: z.string(),
    signaturePngBase64: z.string(),
  }),
  z.object({ outcome: z.literal('refused'), reason: z.string(), message: z.string() }),
]);
export type EphotoFetchResult = z.infer<typeof EphotoFetchResult>;

import { SyncHealthFacts } from '../health/facts';

/** The kinds of dossier the station seals. */
export const DossierKind = z.enum(['application', 'certification']);
export type DossierKind = z.infer<typeof DossierKind>;

const InboxJournalEntry = z
  .object({
    seq: z.number().int().positive(),
    outcome: z.enum(['accepted', 'refused']),
    reason: z.string().max(64).optional(),
    messageId: z.string().max(64).optional(),
    messageSeq: z.number().int().optional(),
    type: z.string().max(64).optional(),
    dossierId: z.string().max(64).optional(),
    at: z.number().int(),
  })
  .strict();

export const syncHostProtocol = defineHostProtocol({
  name: 'sync',
  label: 'Le processus de synchronisation',
  methods: {
    health: { params: NoParams, result: HostHealth },
    status: { params: NoParams, result: SyncState },
    queue: { params: NoParams, result: QueueStatus },
    /** Asks the engine to try now (ends any backoff wait); progress follows as events. */
    syncNow: { params: NoParams, result: SyncState },
    /**
     * Seals a captured dossier for the central system and commits it to the outbox; resolves once
     * it is durable. Parts travel base64-encoded; the sync host builds and validates the dossier.
     */
    submit: {
      params: z
        .object({
          kind: DossierKind,
          agentId: z.string().min(1).max(64),
          parts: z
            .array(
              z
                .object({
                  name: z.string().min(1).max(64),
                  mediaType: z.string().min(1).max(100),
                  base64: z.string(),
                })
                .strict(),
            )
            .min(1)
            .max(64),
        })
        .strict(),
      result: z.object({ dossierId: z.string(), enqueuedAt: z.string() }),
    },
    /** Dossiers in progress, kept encrypted at rest until they expire (sync/drafts). */
    draftSave: {
      params: z
        .object({
          id: z.uuid(),
          kind: DossierKind,
          expiresAt: z.number().int(),
          base64: z.string().max(64_000_000),
        })
        .strict(),
      result: z.object({ saved: z.boolean() }),
    },
    draftLoad: {
      params: z.object({ kind: DossierKind }).strict(),
      result: z.object({ id: z.string(), expiresAt: z.number(), base64: z.string() }).nullable(),
    },
    /** A counter service lookup for the identity step; deferred when the central is out of reach. */
    counterLookup: {
      params: z.object({ kind: CounterLookupKind, number: z.string().min(1).max(64) }).strict(),
      result: CounterLookupResult,
    },
    /**
     * Files what a submitted application used: the pre-application (the appointment platform then
     * reports its number consumed) or the tax stamp; journalled when the central is out of reach.
     */
    counterConsume: {
      params: z
        .object({
          kind: z.enum(['pre-application', 'tax-stamp']),
          number: z.string().min(1).max(64),
          draftId: z.string().max(64).optional(),
        })
        .strict(),
      result: z.object({
        outcome: z.enum(['done', 'deferred', 'failed']),
        consumed: z.boolean().optional(),
        message: z.string().optional(),
      }),
    },
    /** The record of an e-photo code (typed or scanned), verified against the pinned provider key. */
    ephotoFetch: {
      params: z.object({ code: z.string().min(1).max(64) }).strict(),
      result: EphotoFetchResult,
    },
    /** Tells the provider an e-photo code is used (at submit); journalled and retried at sync when it cannot. */
    ephotoMarkUsed: {
      params: z.object({ code: z.string().regex(/^[0-9A-Z]{22}$/), draftId: z.string().optional() }).strict(),
      result: z.object({ outcome: z.enum(['marked', 'deferred']) }),
    },
    /** Enrollment state of the station (certificate validity, revocation), for the capture gate and the UI. */
    enrollment: { params: NoParams, result: EnrollmentView },
    draftDelete: { params: z.object({ id: z.uuid() }).strict(), result: z.object({ deleted: z.boolean() }) },
    /** Availability ledger (sync/host/availability.ts): minutes recorded once each, ledger events, last contact. */
    availabilityRecord: {
      params: z
        .object({
          records: z.array(MinuteRecord).max(20_160),
          events: z
            .array(
              z
                .object({
                  kind: z.enum(['clock-jump-forward', 'clock-jump-backward', 'restart-gap']),
                  minute: z.number().int().min(0),
                  minutes: z.number().int(),
                })
                .strict(),
            )
            .max(16)
            .optional(),
          lastCentralContact: z.number().int().optional(),
        })
        .strict(),
      result: z.object({ written: z.number().int(), duplicates: z.number().int() }),
    },
    availabilityLast: {
      params: NoParams,
      result: z.object({
        minute: z.number().int().nullable(),
        first: z.number().int().nullable(),
        lastCentralContact: z.number().int().nullable(),
      }),
    },
    /** The inbox's journal entries not yet in main's audit log (sync/store/inbox.ts), oldest first. */
    inboxJournal: { params: NoParams, result: z.object({ entries: z.array(InboxJournalEntry).max(500) }) },
    inboxAudited: {
      params: z.object({ seqs: z.array(z.number().int().positive()).max(500) }).strict(),
      result: z.object({ marked: z.number().int() }),
    },
    availabilityRange: {
      params: z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).strict(),
      result: z.object({ records: z.array(MinuteRecord) }),
    },
    /** The sync side's facts of the health checks (sync/health): enrollment, clock, disk, backlog, restarts. */
    healthFacts: { params: NoParams, result: SyncHealthFacts },
  },
  /**
   * `configuration.outcome`: a configuration document applied, refused or failed (sync/configuration);
   * `counter.resolved`: a deferred counter operation done after a sync pass; `inbox.changed`: see below.
   */
  events: {
    'sync.state': SyncState,
    progress: Progress,
    'counter.resolved': CounterResolved,
    /** The last pull of central messages journaled something: main audits it (inboxJournal). */
    'inbox.changed': z.object({ accepted: z.number().int(), refused: z.number().int() }),
    'configuration.outcome': ConfigurationOutcome,
  },
});
export type SyncHostProtocol = typeof syncHostProtocol;

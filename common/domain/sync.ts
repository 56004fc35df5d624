/**
 * The outbox and sync as every layer names them: the engine's state, the queue's items and counts
 * (with each dossier's status at the central and the open complement requests), and
 * the station's enrollment with the central system (without it nothing is queued).
 */
import { z } from 'zod';
import { ErrorPayload } from '../errors';
import { ComplementPart, DossierStatus } from './dossier-status';

export const SyncRunState = z.enum(['idle', 'uploading', 'backoff', 'blocked', 'offline']);
export const SyncState = z.object({
  state: SyncRunState,
  online: z.boolean(),
  queued: z.number().int().min(0),
  /** Plain-French explanation shown to the agent when not idle. */
  detail: z.string().optional(),
  /**
   * Why sync cannot run at all (the outbox or keys could not be opened): its code, French message
   * (also in `detail`) and, once through the station core, its incident id.
   */
  problem: ErrorPayload.optional(),
});
export type SyncState = z.infer<typeof SyncState>;

export const QueueItem = z.object({
  id: z.string(),
  kind: z.enum(['application', 'certification']),
  state: z.enum(['queued', 'uploading', 'acknowledged', 'purged', 'parked']),
  attempts: z.number().int(),
  /** Plain-French last error (no personal data). */
  lastError: z.string().optional(),
  parkCause: z.string().optional(),
  enqueuedAt: z.string(),
  sizeBytes: z.number().int(),
  /** The dossier's status at the central system, as its last message said (none before the first). */
  centralStatus: DossierStatus.optional(),
  centralStatusAt: z.string().optional(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueStatus = z.object({
  enrolled: z.boolean(),
  counts: z.object({
    queued: z.number().int(),
    uploading: z.number().int(),
    acknowledged: z.number().int(),
    parked: z.number().int(),
  }),
  items: z.array(QueueItem),
  /** The complementary captures the central asked for, still open (issue 19). */
  requests: z
    .array(
      z.object({
        request: z.string(),
        dossier: z.string(),
        part: ComplementPart,
        reason: z.string(),
        deadline: z.string(),
      }),
    )
    .optional(),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

/** Enrollment with the central system: without it the station captures nothing (and says why). */
export const EnrollmentView = z.object({
  enrolled: z.boolean(),
  /** When not enrolled: why, in French, with what to do. */
  reason: z.string().optional(),
  expiresAt: z.string().optional(),
  renewDueAt: z.string().optional(),
  /** Certificate renewal due soon (French). */
  warning: z.string().optional(),
});
export type EnrollmentView = z.infer<typeof EnrollmentView>;

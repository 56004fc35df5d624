/**
 * What an audit record may contain: an allow-list, nothing else. Events are validated with strict
 * zod objects (unknown keys are refused, not stripped) whose strings are short codes or identifiers
 * (UUIDs, agent ids, error codes, setting paths): there is no free-text field where a name, a birth
 * date or an image could slip in. As a second guard, an event that `scrubForLog` would alter is
 * refused too.
 */
import { z } from 'zod';

/** Every auditable action. Extend here (and only here) when a new use case needs one. */
export const auditActions = [
  'session.card-inserted',
  'session.card-rejected',
  'session.pin-failed',
  'session.card-blocked',
  'session.open',
  'session.idle-warning',
  'session.lock',
  'session.unlock',
  'session.close',
  'capture.start',
  'capture.step',
  'capture.override',
  'capture.interrupt',
  'capture.resume',
  'dossier.submit',
  'dossier.purge',
  'certification.start',
  'certification.decision',
  /** A central -> station message accepted or refused (replay, signature, expiry, unknown type...). */
  'inbox.message',
  'config.change',
  /** A signed configuration from the central system applied, refused or failed (sync/configuration). */
  'config.receive',
  'device.fault',
  /** A technician restarted a host process (diagnostics). */
  'host.restart',
  'audit.recovered',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * The actor: an agent id derived from the agent card certificate serial (`AG-` + upper-case hex),
 * or the station itself for automatic actions (purge, device fault, idle lock).
 */
export const actorSchema = z
  .string()
  .regex(/^(AG-[0-9A-F]{2,64}|station|anonymous)$/, { error: 'expected AG-<hex>, station or anonymous' });

/** A short machine code: lower-case words separated by dashes or dots (reason codes, steps, kinds). */
const code = z.string().regex(/^[a-z][a-z0-9]*([.-][a-z0-9]+){0,7}$/, { error: 'expected a short code' });

export const auditObjectsSchema = z.strictObject({
  /** Dossier UUID (application or certification). */
  dossierId: z.uuid().optional(),
  dossierKind: z.enum(['application', 'certification']).optional(),
  /** Driver descriptor id or device kind, e.g. "zfm", "fingerprint-scanner". */
  device: code.optional(),
  /** Configuration setting path, e.g. "session.idleLockMinutes". */
  setting: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){0,7}$/)
    .optional(),
  /** Host process, for `host.restart`. */
  host: z.enum(['device', 'sync']).optional(),
  /** Central -> station message id (inbox). */
  messageId: z.uuid().optional(),
  /** Outbox item id (queue). */
  outboxId: z.uuid().optional(),
  /** Audit file name, for `audit.recovered`. */
  file: z
    .string()
    .regex(/^audit-\d{6}\.jsonl$/)
    .optional(),
});

export const auditDetailsSchema = z.strictObject({
  /** Why: a reason code ("idle", "card-removed", "blurred-overridden", "untrusted-ca"). */
  reason: code.optional(),
  /** Role of the session ("agent", "agent-certificateur", "technicien"). */
  role: code.optional(),
  /** Step of a workflow ("portrait", "fingerprints", "signature", "review"). */
  step: code.optional(),
  /** Driver or protocol error code, e.g. "ZFM_NO_FINGER", "PCSC_CARD_REMOVED". */
  errorCode: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/)
    .optional(),
  /** ISO 7816 status word or protocol status as hex ("63C1"). */
  protocolStatus: z
    .string()
    .regex(/^[0-9A-F]{2,8}$/)
    .optional(),
  triesLeft: z.number().int().min(0).max(15).optional(),
  count: z.number().int().min(0).max(1_000_000).optional(),
  /** Idle minutes, thresholds: a bounded number, never a biometric score vector. */
  value: z.number().finite().min(-1_000_000).max(1_000_000).optional(),
});

export const auditEventSchema = z.strictObject({
  actor: actorSchema,
  action: z.enum(auditActions),
  outcome: z.enum(['success', 'failure', 'refused']),
  objects: auditObjectsSchema.optional(),
  details: auditDetailsSchema.optional(),
});
export type AuditEvent = z.input<typeof auditEventSchema>;

export const genesisHash = '0'.repeat(64);

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** One line of an audit file. `hash` = SHA-256 over the canonical JSON of every other field. */
export const auditRecordSchema = z.strictObject({
  v: z.literal(1),
  /** Position in the whole chain, from 0, continuing across files. */
  seq: z.number().int().min(0),
  /** ISO 8601 UTC. */
  ts: z.iso.datetime(),
  ...auditEventSchema.shape,
  prev: hex64,
  hash: hex64,
});
export type AuditRecord = z.output<typeof auditRecordSchema>;

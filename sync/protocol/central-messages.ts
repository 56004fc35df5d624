/**
 * Central -> station messages: the wire shared by the reference central (central/server) and the
 * station (sync/inbox). The station pulls them over the mutual-TLS link; no inbound port:
 *
 *   GET /v1/messages?after=SEQ   200 { messages: [jws, ...], more: boolean }
 *       the calling station's messages whose seq is greater than SEQ, oldest first, at most
 *       MESSAGES_PAGE of them (`more` when there are others after the last one).
 *
 * Each message is a central-signed document (sync/crypto/central-document.ts, typ TYP_MESSAGE)
 * whose claims have an id, a type, the dossier it is about, the station it is for, a monotonic
 * `seq` (strictly increasing per central, so also per station) and an expiry (`exp`, seconds).
 * Messages carry no biometric and no identity data: statuses, reason codes, identifiers, dates.
 */
import { z } from 'zod';
import { ComplementPart, DossierStatus, StatusReason } from '../../common/domain/dossier-status';

export const MESSAGES_PATH = '/v1/messages';
export const MESSAGES_PAGE = 100;

/** Every message type a station understands; anything else is refused as `unknown-type`. */
export const messageTypes = ['dossier.status', 'complement.request'] as const;
export type MessageType = (typeof messageTypes)[number];

/** What every message has, whatever its type (checked before the type's own claims). */
export const MessageEnvelope = z.looseObject({
  id: z.uuid(),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  type: z.string().min(1).max(64),
});

const common = {
  id: z.uuid(),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  stationId: z.string().min(1).max(64),
  dossierId: z.uuidv7(),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
};

/** The dossier took a new status at the central system. */
export const StatusMessage = z.strictObject({
  ...common,
  type: z.literal('dossier.status'),
  status: DossierStatus,
  /** The reason code of a rejection or of a complement request. */
  reason: StatusReason.optional(),
  /** When the central recorded the status (ISO 8601). */
  at: z.iso.datetime(),
});
export type StatusMessage = z.infer<typeof StatusMessage>;

/** The central asks the town hall to capture one part of a dossier again (recueil complémentaire). */
export const ComplementRequestMessage = z.strictObject({
  ...common,
  type: z.literal('complement.request'),
  requestId: z.uuid(),
  part: ComplementPart,
  reason: StatusReason,
  /** Last day the complement is accepted (ISO 8601). */
  deadline: z.iso.datetime(),
});
export type ComplementRequestMessage = z.infer<typeof ComplementRequestMessage>;

export const CentralMessage = z.discriminatedUnion('type', [StatusMessage, ComplementRequestMessage]);
export type CentralMessage = z.infer<typeof CentralMessage>;

/** The answer of GET /v1/messages. */
export const MessagesPage = z.strictObject({
  messages: z.array(z.string().min(1).max(16_384)).max(MESSAGES_PAGE),
  more: z.boolean(),
});
export type MessagesPage = z.infer<typeof MessagesPage>;

export const messagesPath = (after: number) => `${MESSAGES_PATH}?after=${after}`;

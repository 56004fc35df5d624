/**
 * Central -> station messages as signed documents (typ TYP_MESSAGE, central-document.ts): the
 * reference central signs their claims when a station pulls them (`signCentralMessage`); the
 * station checks each one (`verifyCentralMessage`) against the pinned central key, then its
 * envelope, its type and its claims, then its expiry. Replay (a seen id or seq) is the inbox's
 * check (sync/store/inbox.ts): it needs what the station already holds.
 */
import {
  CentralMessage,
  MessageEnvelope,
  type MessageType,
  messageTypes,
} from '../protocol/central-messages';
import { TYP_MESSAGE } from './algorithms';
import {
  CentralDocumentRejected,
  type CentralSigner,
  type CentralVerifier,
  signCentralDocument,
  verifyCentralDocument,
} from './central-document';

/** Every reason a message is refused; stable (audited and kept in the inbox's journal). */
export type MessageRefusal =
  | CentralDocumentRejected['reason']
  | 'unknown-type'
  | 'expired'
  | 'replay'
  | 'wrong-station';

export class MessageRejected extends Error {
  constructor(
    readonly reason: MessageRefusal,
    message: string,
    /** What could be read of the message (never trusted: for the journal only). */
    readonly seen: { id?: string; seq?: number; type?: string } = {},
    options?: { cause?: unknown },
  ) {
    super(`message refused (${reason}): ${message}`, options);
    this.name = 'MessageRejected';
  }
}

export function signCentralMessage(claims: CentralMessage, signer: CentralSigner): Promise<string> {
  return signCentralDocument(TYP_MESSAGE, CentralMessage, claims, signer);
}

/** The message's claims if it is a known, unexpired message for `stationId` signed by the pinned key. */
export async function verifyCentralMessage(
  jws: string,
  central: CentralVerifier,
  expected: { stationId: string; now: number },
): Promise<CentralMessage> {
  let envelope: { id: string; seq: number; type: string } & Record<string, unknown>;
  try {
    envelope = await verifyCentralDocument(jws, TYP_MESSAGE, MessageEnvelope, central);
  } catch (cause) {
    const reason = cause instanceof CentralDocumentRejected ? cause.reason : 'signature';
    throw new MessageRejected(reason, cause instanceof Error ? cause.message : 'invalid', {}, { cause });
  }
  const seen = { id: envelope.id, seq: envelope.seq, type: envelope.type };
  if (!(messageTypes as readonly string[]).includes(envelope.type))
    throw new MessageRejected('unknown-type', `unknown type ${envelope.type.slice(0, 64)}`, seen);
  const parsed = CentralMessage.safeParse(envelope);
  if (!parsed.success)
    throw new MessageRejected('claims', `claims invalid for ${envelope.type as MessageType}`, seen, {
      cause: parsed.error,
    });
  const message = parsed.data;
  if (message.stationId !== expected.stationId)
    throw new MessageRejected('wrong-station', 'addressed to another station', seen);
  if (message.exp * 1000 <= expected.now) throw new MessageRejected('expired', 'expired', seen);
  return message;
}

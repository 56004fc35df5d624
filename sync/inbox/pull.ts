/**
 * Pulling the central -> station messages over the mutual-TLS link (wire:
 * sync/protocol/central-messages.ts): pages of messages after the inbox's cursor, each verified
 * (sync/crypto/central-message.ts) and then accepted by the inbox (sync/store/inbox.ts, which
 * refuses replays) or journaled as refused with its reason. A refusal never stops the pull: the
 * next messages are still taken. A network failure or an unreadable page throws (DeliveryFailure,
 * or InboxPageError): the cursor is where the last accepted message left it, so the next pull
 * resumes there.
 */
import { createHash } from 'node:crypto';
import type { Agent } from 'node:https';
import { decodeJwt } from 'jose';
import { classifyResponse } from '../client/classify';
import { requestRaw } from '../client/transport';
import type { CentralVerifier } from '../crypto/central-document';
import { type MessageRefusal, MessageRejected, verifyCentralMessage } from '../crypto/central-message';
import { MessagesPage, messagesPath } from '../protocol/central-messages';
import type { Inbox } from '../store';

export interface PullLink {
  agent: Agent;
  /** The central's https:// base URL (no trailing slash). */
  baseUrl: string;
  timeoutMs?: number;
}

export interface PullRefusal {
  reason: MessageRefusal;
  id?: string;
  seq?: number;
  type?: string;
}

export interface PullResult {
  accepted: number;
  refused: PullRefusal[];
}

export class InboxPageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InboxPageError';
  }
}

/** Refusals after the signature verified: the message is the central's, pulling it again changes nothing. */
const TRUSTED: ReadonlySet<MessageRefusal> = new Set(['unknown-type', 'claims', 'expired', 'wrong-station']);

/** What an unverified message says of itself, for the journal only (never acted upon). */
function unverified(jws: string): { id?: string; seq?: number; type?: string } {
  try {
    const claims = decodeJwt(jws);
    return {
      ...(typeof claims.id === 'string' ? { id: claims.id } : {}),
      ...(typeof claims.seq === 'number' ? { seq: claims.seq } : {}),
      ...(typeof claims.type === 'string' ? { type: claims.type } : {}),
    };
  } catch {
    return {};
  }
}

/** Where pages of messages come from: the central over mutual TLS (`centralMessages`), or a test's fake. */
export interface MessageSource {
  page(after: number): Promise<MessagesPage>;
}

/** The central's GET /v1/messages over the station's mutual-TLS agent. */
export function centralMessages(link: PullLink): MessageSource {
  return {
    async page(after) {
      const response = await requestRaw(link.agent, 'GET', link.baseUrl + messagesPath(after), {
        timeoutMs: link.timeoutMs ?? 15_000,
      });
      if (response.status !== 200) throw classifyResponse(response.status, response.body);
      try {
        return MessagesPage.parse(JSON.parse(response.body));
      } catch (cause) {
        throw new InboxPageError('the central answered an unreadable page of messages', { cause });
      }
    },
  };
}

export async function pullMessages(
  source: MessageSource,
  inbox: Inbox,
  central: CentralVerifier,
  options: { stationId: string; now?: () => number; onRefused?: (refusal: PullRefusal) => void },
): Promise<PullResult> {
  const now = options.now ?? Date.now;
  const result: PullResult = { accepted: 0, refused: [] };
  for (;;) {
    const before = inbox.cursor();
    const page = await source.page(before);
    for (const jws of page.messages) {
      const at = now();
      try {
        const message = await verifyCentralMessage(jws, central, { stationId: options.stationId, now: at });
        if (inbox.accept(message, jws, at)) result.accepted++;
        else refused({ reason: 'replay', id: message.id, seq: message.seq, type: message.type });
      } catch (error) {
        if (!(error instanceof MessageRejected)) throw error;
        const trusted = TRUSTED.has(error.reason);
        const seen = trusted ? error.seen : unverified(jws);
        inbox.refuse(error.reason, seen, at, {
          ...(trusted && error.seen.seq !== undefined ? { trustedSeq: error.seen.seq } : {}),
          fingerprint: createHash('sha256').update(jws).digest('hex'),
        });
        refused({ reason: error.reason, ...seen });
      }
    }
    // Stop when the central has no more, or when nothing moved the cursor (all refused untrusted).
    if (!page.more || inbox.cursor() === before) return result;
  }

  function refused(refusal: PullRefusal): void {
    result.refused.push(refusal);
    options.onRefused?.(refusal);
  }
}

/**
 * GET /v1/messages?after=SEQ on the central's mutual-TLS server (wire: sync/protocol/central-messages.ts):
 * the calling station's messages after SEQ, each signed now with the central's signing key
 * (typ TYP_MESSAGE). Same authentication as the upload routes (app.ts's onRequest hook).
 */
import type { FastifyInstance } from 'fastify';
import { signCentralMessage } from '../../sync/crypto/central';
import type { CentralSigner } from '../../sync/crypto/central-document';
import { MESSAGES_PAGE, MESSAGES_PATH, type MessagesPage } from '../../sync/protocol/central-messages';
import type { CentralStore } from '../store';
import { CentralError } from './errors';
import { peerStation } from './identity';

export interface MessageRouteOptions {
  store: CentralStore;
  signer: CentralSigner;
}

function afterParam(query: unknown): number {
  const raw = (query as { after?: unknown }).after ?? '0';
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw))
    throw new CentralError(400, 'bad-request', 'after must be a message sequence number', false);
  return Number(raw);
}

export function registerMessageRoutes(app: FastifyInstance, options: MessageRouteOptions): void {
  app.get(MESSAGES_PATH, async (request): Promise<MessagesPage> => {
    const after = afterParam(request.query);
    const page = options.store.messagesFor(peerStation(request.raw)!, after, MESSAGES_PAGE);
    const messages = await Promise.all(page.messages.map((m) => signCentralMessage(m, options.signer)));
    return { messages, more: page.more };
  });
}

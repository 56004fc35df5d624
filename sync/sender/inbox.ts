/**
 * `recueil inbox`: pulls the central's messages into the station's inbox (the same pull as each
 * sync pass, sync/inbox, under the outbox's syncer lock so one process pulls at a time) and reads
 * back what the agent needs: the open complement requests, the titles available and each dossier's
 * status at the central. Offline, or while the station's own sync process holds the lock, it
 * answers from what was already pulled and says why.
 */

import { CAUSE_MESSAGES, createTlsAgent, DeliveryFailure } from '../client';
import { centralMessages, InboxPageError, type PullResult, pullMessages } from '../inbox';
import type { CentralStatusView, ComplementRequestView } from '../store';
import { SyncerBusyError } from '../store';
import { centralBaseUrl } from './central-url';
import type { StationContext } from './context';

export interface InboxView {
  requests: ComplementRequestView[];
  /** Titles the central announced as available at the town hall (no such message yet: always empty). */
  titles: never[];
  statuses: CentralStatusView[];
}

export interface InboxPull {
  view: InboxView;
  pulled?: PullResult;
  /** Why nothing could be pulled now (French); the view is what was pulled before. */
  notPulled?: { cause: 'offline' | 'busy' | 'refused'; message: string };
}

export function inboxView(station: StationContext, now = Date.now()): InboxView {
  const inbox = station.outbox.inbox;
  return { requests: inbox.openRequests(now), titles: [], statuses: inbox.statuses() };
}

export async function pullInbox(
  station: StationContext,
  options: { now?: () => number } = {},
): Promise<InboxPull> {
  const now = options.now ?? Date.now;
  let lock: ReturnType<StationContext['outbox']['lockSyncer']>;
  try {
    lock = station.outbox.lockSyncer();
  } catch (error) {
    if (!(error instanceof SyncerBusyError)) throw error;
    return { view: inboxView(station, now()), notPulled: { cause: 'busy', message: error.message } };
  }
  const agent = createTlsAgent(station.material.tls, { maxSockets: 1, keepAlive: false });
  try {
    const pulled = await pullMessages(
      centralMessages({ agent, baseUrl: centralBaseUrl(station.config.settings) }),
      station.outbox.inbox,
      station.material.central,
      { stationId: station.material.keys.stationId, now },
    );
    return { view: inboxView(station, now()), pulled };
  } catch (error) {
    if (!(error instanceof DeliveryFailure) && !(error instanceof InboxPageError)) throw error;
    const offline = error instanceof DeliveryFailure && error.scope === 'station';
    const message =
      error instanceof DeliveryFailure
        ? CAUSE_MESSAGES[error.reason]
        : 'Le système central a envoyé une réponse illisible ; les messages seront relevés à la prochaine synchronisation.';
    return {
      view: inboxView(station, now()),
      notPulled: { cause: offline ? 'offline' : 'refused', message },
    };
  } finally {
    agent.destroy();
    lock.release();
  }
}

/**
 * The running station's side of the inbox's audit: whenever the sync host's pull of central
 * messages journaled something (`inbox.changed`), and once the sync host runs, main reads the
 * unaudited journal entries, logs each refusal (reason and ids only) and writes one audit record
 * per entry (audit/inbox.ts), then tells the sync host they are audited. Drains run one at a time.
 */
import { unwrap } from '../../common/errors';
import type { HostStatus } from '../contract/model';
import type { HostSupervisor } from '../hosts/supervisor';
import { type AuditLog, auditInboxJournal } from './audit';
import type { Logger } from './logger';

export function auditInboxOnChange(sync: HostSupervisor<'sync'>, audit: AuditLog, logger: Logger): void {
  let running: Promise<unknown> = Promise.resolve();
  const drain = () => {
    running = running
      .then(() =>
        auditInboxJournal(
          audit,
          {
            unaudited: async () => (await unwrap(sync.call('inboxJournal', {}))).entries,
            markAudited: async (seqs) => void (await unwrap(sync.call('inboxAudited', { seqs }))),
          },
          {
            onRefused: (entry) =>
              logger.warn(
                { reason: entry.reason, messageId: entry.messageId, messageSeq: entry.messageSeq },
                'central message refused',
              ),
          },
        ),
      )
      .catch((error: unknown) => logger.error({ err: error }, 'inbox audit failed'));
  };
  sync.on('event', (event) => {
    if (event === 'inbox.changed') drain();
  });
  sync.on('status', (status: HostStatus) => {
    if (status.state === 'running') drain();
  });
}

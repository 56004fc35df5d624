/**
 * The inbox's journal into the audit log: every central -> station message the sync side accepted
 * or refused (sync/store/inbox.ts keeps them until audited) becomes one `inbox.message` record
 * (outcome success or refused, the message and dossier ids, the refusal reason), then is marked
 * audited; each refusal is also handed to `onRefused` (the caller logs it). A journal entry is marked only once its record is durable, so a stop in between audits
 * it again at the next drain rather than never.
 */
import { z } from 'zod';
import type { InboxJournalEntry } from '../../../sync/store';
import type { AuditLog } from './log';

export interface InboxJournal {
  unaudited(): InboxJournalEntry[] | Promise<InboxJournalEntry[]>;
  markAudited(seqs: number[]): void | Promise<void>;
}

const Uuid = z.uuid();
const Reason = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+){0,7}$/);

/** Audits every unaudited journal entry; returns how many. */
export async function auditInboxJournal(
  audit: AuditLog,
  journal: InboxJournal,
  options: { onRefused?: (entry: InboxJournalEntry) => void } = {},
): Promise<number> {
  const entries = await journal.unaudited();
  const done: number[] = [];
  try {
    for (const entry of entries) {
      // Refused messages may carry what an unverified message claimed: only well-formed ids go in.
      const objects = {
        ...(entry.messageId && Uuid.safeParse(entry.messageId).success ? { messageId: entry.messageId } : {}),
        ...(entry.dossierId && Uuid.safeParse(entry.dossierId).success ? { dossierId: entry.dossierId } : {}),
      };
      await audit.append({
        actor: 'station',
        action: 'inbox.message',
        outcome: entry.outcome === 'accepted' ? 'success' : 'refused',
        ...(Object.keys(objects).length ? { objects } : {}),
        ...(entry.reason && Reason.safeParse(entry.reason).success
          ? { details: { reason: entry.reason } }
          : {}),
      });
      done.push(entry.seq);
      if (entry.outcome === 'refused') options.onRefused?.(entry);
    }
  } finally {
    if (done.length) await journal.markAudited(done);
  }
  return done.length;
}

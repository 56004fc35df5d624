/**
 * The station's inbox (migration 0003): the central -> station messages it accepted, the highest
 * seq it pulled, and the view they build (each dossier's status at the central, the open
 * complement requests). `accept` refuses a replay (an id or a seq already seen, or a seq at or
 * below the cursor) and applies a message in one transaction with its journal entry; `refuse`
 * journals a refusal once (the same refusal pulled again is not journaled twice). The journal is
 * drained into the audit log by main (`unaudited` / `markAudited`), so nothing is lost if the
 * station stops between the two.
 */
import type { ComplementPart, DossierStatus } from '../../common/domain/dossier-status';
import type { CentralMessage } from '../protocol/central-messages';
import type { Db } from './database';

export interface InboxJournalEntry {
  seq: number;
  outcome: 'accepted' | 'refused';
  reason?: string;
  messageId?: string;
  messageSeq?: number;
  type?: string;
  dossierId?: string;
  at: number;
}

export interface CentralStatusView {
  dossier: string;
  status: DossierStatus;
  reason?: string;
  at: string;
}

export interface ComplementRequestView {
  request: string;
  dossier: string;
  part: ComplementPart;
  reason: string;
  deadline: string;
}

interface JournalRow {
  seq: number;
  outcome: 'accepted' | 'refused';
  reason: string | null;
  message_id: string | null;
  message_seq: number | null;
  type: string | null;
  dossier_id: string | null;
  at: number;
}

export class Inbox {
  constructor(private readonly db: Db) {}

  /** The highest seq pulled: the next pull asks for messages after it. */
  cursor(): number {
    return (this.db.prepare('SELECT last_seq FROM inbox_cursor WHERE id = 1').get() as { last_seq: number })
      .last_seq;
  }

  /** Whether `message` would be a replay (its id or seq seen, or at or below the cursor). */
  isReplay(message: { id: string; seq: number }): boolean {
    if (message.seq <= this.cursor()) return true;
    return (
      this.db.prepare('SELECT 1 FROM inbox_messages WHERE id = ? OR seq = ?').get(message.id, message.seq) !==
      undefined
    );
  }

  /** Applies a verified message; returns false (and journals a replay refusal) when it is one. */
  accept(message: CentralMessage, jws: string, at: number): boolean {
    return this.db
      .transaction(() => {
        if (this.isReplay(message)) {
          this.journal('refused', 'replay', message, at);
          return false;
        }
        this.db
          .prepare(
            `INSERT INTO inbox_messages (id, seq, type, dossier_id, claims, jws, expires_at, received_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            message.id,
            message.seq,
            message.type,
            message.dossierId,
            JSON.stringify(message),
            jws,
            message.exp * 1000,
            at,
          );
        this.advance(message.seq);
        this.apply(message, at);
        this.journal('accepted', undefined, message, at);
        return true;
      })
      .immediate();
  }

  /**
   * Journals a refused message (once per reason and message); `trustedSeq` (the seq of a message
   * whose signature verified) moves the cursor past it, since pulling it again cannot change it.
   */
  refuse(
    reason: string,
    seen: { id?: string; seq?: number; type?: string; dossierId?: string },
    at: number,
    options: { trustedSeq?: number; fingerprint?: string } = {},
  ): void {
    this.db
      .transaction(() => {
        if (options.trustedSeq !== undefined) this.advance(options.trustedSeq);
        this.journal('refused', reason, seen, at, options.fingerprint);
      })
      .immediate();
  }

  /** Each dossier's latest status at the central, as the messages told it. */
  statuses(): CentralStatusView[] {
    const rows = this.db
      .prepare('SELECT dossier_id, status, reason, at FROM central_statuses ORDER BY at DESC, dossier_id')
      .all() as { dossier_id: string; status: DossierStatus; reason: string | null; at: string }[];
    return rows.map((row) => ({
      dossier: row.dossier_id,
      status: row.status,
      ...(row.reason ? { reason: row.reason } : {}),
      at: row.at,
    }));
  }

  /** Complement requests still open whose deadline has not passed. */
  openRequests(now: number): ComplementRequestView[] {
    const rows = this.db
      .prepare(
        "SELECT request_id, dossier_id, part, reason, deadline FROM complement_requests WHERE state = 'open' ORDER BY deadline, request_id",
      )
      .all() as {
      request_id: string;
      dossier_id: string;
      part: ComplementPart;
      reason: string;
      deadline: string;
    }[];
    return rows
      .filter((row) => Date.parse(row.deadline) > now)
      .map((row) => ({
        request: row.request_id,
        dossier: row.dossier_id,
        part: row.part,
        reason: row.reason,
        deadline: row.deadline,
      }));
  }

  /** Journal entries not yet in the audit log, oldest first. */
  unaudited(limit = 500): InboxJournalEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM inbox_journal WHERE audited = 0 ORDER BY seq LIMIT ?')
      .all(limit) as JournalRow[];
    return rows.map((row) => ({
      seq: row.seq,
      outcome: row.outcome,
      ...(row.reason ? { reason: row.reason } : {}),
      ...(row.message_id ? { messageId: row.message_id } : {}),
      ...(row.message_seq !== null ? { messageSeq: row.message_seq } : {}),
      ...(row.type ? { type: row.type } : {}),
      ...(row.dossier_id ? { dossierId: row.dossier_id } : {}),
      at: row.at,
    }));
  }

  markAudited(seqs: readonly number[]): void {
    const mark = this.db.prepare('UPDATE inbox_journal SET audited = 1 WHERE seq = ?');
    this.db.transaction(() => {
      for (const seq of seqs) mark.run(seq);
    })();
  }

  private advance(seq: number): void {
    this.db.prepare('UPDATE inbox_cursor SET last_seq = max(last_seq, ?) WHERE id = 1').run(seq);
  }

  private apply(message: CentralMessage, at: number): void {
    if (message.type === 'dossier.status') {
      this.db
        .prepare(
          `INSERT INTO central_statuses (dossier_id, status, reason, at, message_seq, updated_at)
           VALUES (@dossierId, @status, @reason, @at, @seq, @updatedAt)
           ON CONFLICT (dossier_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
             at = excluded.at, message_seq = excluded.message_seq, updated_at = excluded.updated_at
           WHERE excluded.message_seq > central_statuses.message_seq`,
        )
        .run({ ...message, reason: message.reason ?? null, updatedAt: at });
    } else {
      this.db
        .prepare(
          `INSERT INTO complement_requests (request_id, dossier_id, part, reason, deadline, state, message_id, received_at)
           VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`,
        )
        .run(
          message.requestId,
          message.dossierId,
          message.part,
          message.reason,
          message.deadline,
          message.id,
          at,
        );
    }
  }

  private journal(
    outcome: 'accepted' | 'refused',
    reason: string | undefined,
    seen: { id?: string; seq?: number; type?: string; dossierId?: string },
    at: number,
    fingerprint?: string,
  ): void {
    const dedupe = `${outcome}:${reason ?? ''}:${seen.id ?? fingerprint ?? `${at}`}`;
    this.db
      .prepare(
        `INSERT OR IGNORE INTO inbox_journal (dedupe, outcome, reason, message_id, message_seq, type, dossier_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        dedupe,
        outcome,
        reason ?? null,
        seen.id ?? null,
        seen.seq ?? null,
        seen.type?.slice(0, 64) ?? null,
        seen.dossierId ?? null,
        at,
      );
  }
}

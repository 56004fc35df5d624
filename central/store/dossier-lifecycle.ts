/**
 * A dossier's life at the central after its receipt (migration 0003): its current status and
 * history, the moves the instruction centre makes (common/domain/dossier-status.ts says which are
 * allowed) and the complementary captures it asks for. Each change commits together with the
 * message that tells the dossier's station (central-messages.ts).
 */
import { randomUUID } from 'node:crypto';
import {
  type ComplementPart,
  canMoveDossier,
  type DossierStatus,
  dossierTransitions,
} from '../../common/domain/dossier-status';
import type { Db } from '../../sync/store/database';
import { queueMessage } from './central-messages';

const DAY_MS = 24 * 3600 * 1000;
/** How long a status message is offered to a station. */
export const STATUS_MESSAGE_TTL_MS = 90 * DAY_MS;

export type DossierKind = 'application' | 'certification' | 'complement' | 'handover';

export interface DossierListEntry {
  dossier: string;
  kind: DossierKind;
  status: DossierStatus;
}

export interface StatusChange {
  status: DossierStatus;
  at: string;
  reason?: string;
  request?: string;
}

export interface DossierStatusView {
  dossier: string;
  status: DossierStatus;
  history: StatusChange[];
}

/** Why a lifecycle change was refused (the CLI prints `message`; `code` is stable). */
export class LifecycleRefused extends Error {
  constructor(
    readonly code: 'unknown-dossier' | 'transition',
    message: string,
  ) {
    super(message);
    this.name = 'LifecycleRefused';
  }
}

interface HistoryRow {
  status: DossierStatus;
  reason: string | null;
  request_id: string | null;
  at: number;
}

export class DossierLifecycle {
  constructor(private readonly db: Db) {}

  /** The first status of a dossier just stored (call inside the transaction that stores it). */
  recordReceived(dossierId: string, stationId: string, at: number): void {
    this.db
      .prepare("INSERT INTO dossier_statuses (dossier_id, status, updated_at) VALUES (?, 'received', ?)")
      .run(dossierId, at);
    this.history(dossierId, 'received', at);
    this.announce(dossierId, stationId, 'received', at);
  }

  list(status?: DossierStatus): DossierListEntry[] {
    const where = status === undefined ? '' : 'WHERE s.status = ?';
    return this.db
      .prepare(
        `SELECT d.dossier_id AS dossier, d.kind AS kind, s.status AS status
         FROM dossiers d JOIN dossier_statuses s ON s.dossier_id = d.dossier_id ${where}
         ORDER BY d.stored_at, d.dossier_id`,
      )
      .all(...(status === undefined ? [] : [status])) as DossierListEntry[];
  }

  status(dossierId: string): DossierStatusView | undefined {
    const current = this.db
      .prepare('SELECT status FROM dossier_statuses WHERE dossier_id = ?')
      .get(dossierId) as { status: DossierStatus } | undefined;
    if (!current) return undefined;
    const rows = this.db
      .prepare(
        'SELECT status, reason, request_id, at FROM dossier_status_history WHERE dossier_id = ? ORDER BY seq',
      )
      .all(dossierId) as HistoryRow[];
    return {
      dossier: dossierId,
      status: current.status,
      history: rows.map((row) => ({
        status: row.status,
        at: new Date(row.at).toISOString(),
        ...(row.reason ? { reason: row.reason } : {}),
        ...(row.request_id ? { request: row.request_id } : {}),
      })),
    };
  }

  /** Moves the dossier to `to` (a rejection needs a reason code); throws LifecycleRefused. */
  advance(dossierId: string, to: DossierStatus, options: { reason?: string; at?: number } = {}): void {
    if (to === 'rejected' && !options.reason)
      throw new LifecycleRefused('transition', 'a rejection needs a reason code');
    this.db.transaction(() => this.move(dossierId, to, options.at ?? Date.now(), options.reason)).immediate();
  }

  /**
   * Asks the dossier's town hall for one part again, until `days` from now: the dossier goes to
   * complement_requested (through instruction when it was only received). Returns the request id.
   */
  requestComplement(
    dossierId: string,
    request: { part: ComplementPart; reason: string; days: number; at?: number },
  ): string {
    const at = request.at ?? Date.now();
    const requestId = randomUUID();
    const deadline = at + request.days * DAY_MS;
    this.db
      .transaction(() => {
        if (this.current(dossierId).status === 'received') this.move(dossierId, 'instruction', at);
        const { stationId } = this.move(dossierId, 'complement_requested', at, request.reason, requestId);
        this.db
          .prepare(
            `INSERT INTO complement_requests (request_id, dossier_id, part, reason, deadline, state, created_at)
             VALUES (?, ?, ?, ?, ?, 'open', ?)`,
          )
          .run(requestId, dossierId, request.part, request.reason, deadline, at);
        queueMessage(
          this.db,
          {
            type: 'complement.request',
            stationId,
            dossierId,
            requestId,
            part: request.part,
            reason: request.reason,
            deadline: new Date(deadline).toISOString(),
          },
          at,
          deadline - at,
        );
      })
      .immediate();
    return requestId;
  }

  private current(dossierId: string): { status: DossierStatus; stationId: string } {
    const row = this.db
      .prepare(
        `SELECT s.status AS status, d.station_id AS stationId FROM dossier_statuses s
         JOIN dossiers d ON d.dossier_id = s.dossier_id WHERE s.dossier_id = ?`,
      )
      .get(dossierId) as { status: DossierStatus; stationId: string } | undefined;
    if (!row) throw new LifecycleRefused('unknown-dossier', `unknown dossier ${dossierId}`);
    return row;
  }

  private move(
    dossierId: string,
    to: DossierStatus,
    at: number,
    reason?: string,
    requestId?: string,
  ): { stationId: string } {
    const { status: from, stationId } = this.current(dossierId);
    if (!canMoveDossier(from, to)) {
      const allowed = dossierTransitions[from];
      throw new LifecycleRefused(
        'transition',
        `dossier ${dossierId} is ${from}: it can move to ${allowed.length ? allowed.join(', ') : 'nothing (final status)'}, not ${to}`,
      );
    }
    this.db
      .prepare('UPDATE dossier_statuses SET status = ?, reason = ?, updated_at = ? WHERE dossier_id = ?')
      .run(to, reason ?? null, at, dossierId);
    this.history(dossierId, to, at, reason, requestId);
    this.announce(dossierId, stationId, to, at, reason);
    return { stationId };
  }

  private history(dossierId: string, status: DossierStatus, at: number, reason?: string, requestId?: string) {
    this.db
      .prepare(
        'INSERT INTO dossier_status_history (dossier_id, status, reason, request_id, at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(dossierId, status, reason ?? null, requestId ?? null, at);
  }

  private announce(dossierId: string, stationId: string, status: DossierStatus, at: number, reason?: string) {
    queueMessage(
      this.db,
      {
        type: 'dossier.status',
        stationId,
        dossierId,
        status,
        ...(reason ? { reason } : {}),
        at: new Date(at).toISOString(),
      },
      at,
      STATUS_MESSAGE_TTL_MS,
    );
  }
}

/**
 * The outbox's backlog as the health checks see it (main/services/health): how many dossiers wait
 * to be sent, since when the oldest of them waits, and how many are parked (waiting for a
 * technician). Read from the outbox database by the running sync host (Outbox.backlog) or, without
 * a station running, read-only by the CLI (`readOutboxBacklog`).
 */
import { existsSync } from 'node:fs';
import { type Db, openDatabase } from './database';
import { layoutOf } from './layout';

export interface OutboxBacklog {
  /** Queued or uploading dossiers. */
  unsent: number;
  /** When the oldest unsent dossier was queued (ms since the epoch). */
  oldestUnsentAt?: number;
  parked: number;
  /** When the oldest parked dossier was queued. */
  oldestParkedAt?: number;
}

export function backlogOf(db: Db): OutboxBacklog {
  const rows = db
    .prepare(
      `SELECT state IN ('queued', 'uploading') AS unsent, count(*) AS n, min(enqueued_at) AS oldest
       FROM outbox WHERE state IN ('queued', 'uploading', 'parked') GROUP BY 1`,
    )
    .all() as { unsent: number; n: number; oldest: number }[];
  const unsent = rows.find((r) => r.unsent === 1);
  const parked = rows.find((r) => r.unsent === 0);
  return {
    unsent: unsent?.n ?? 0,
    ...(unsent ? { oldestUnsentAt: unsent.oldest } : {}),
    parked: parked?.n ?? 0,
    ...(parked ? { oldestParkedAt: parked.oldest } : {}),
  };
}

/** The backlog of the outbox in `dataDir`, read-only; undefined when the station never queued one. */
export function readOutboxBacklog(dataDir: string): OutboxBacklog | undefined {
  const path = layoutOf(dataDir).database;
  if (!existsSync(path)) return undefined;
  const db = openDatabase(path, { readonly: true });
  try {
    return backlogOf(db);
  } finally {
    db.close();
  }
}

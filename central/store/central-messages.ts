/**
 * The central -> station messages in the central's database (migration 0003): each is queued in
 * the transaction that makes the change it announces, numbered by the table's monotonic `seq`, and
 * kept as its claims without `seq` (added when read), so the server signs it when a station pulls
 * it (sync/protocol/central-messages.ts).
 */
import { randomUUID } from 'node:crypto';
import type { CentralMessage } from '../../sync/protocol/central-messages';
import type { Db } from '../../sync/store/database';

/** A message's claims as queued: everything but `seq`, which the table assigns. */
export type QueuedClaims = CentralMessage extends infer M
  ? M extends unknown
    ? Omit<M, 'seq'>
    : never
  : never;

type Body = QueuedClaims extends infer M
  ? M extends unknown
    ? Omit<M, 'id' | 'iat' | 'exp'>
    : never
  : never;

/** Queues one message (call inside the transaction of the change it announces); returns its id. */
export function queueMessage(db: Db, body: Body, at: number, ttlMs: number): string {
  const id = randomUUID();
  const claims = { ...body, id, iat: Math.floor(at / 1000), exp: Math.floor((at + ttlMs) / 1000) };
  db.prepare(
    `INSERT INTO central_messages (id, station_id, type, dossier_id, claims, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, body.stationId, body.type, body.dossierId, JSON.stringify(claims), at, at + ttlMs);
  return id;
}

/** The station's messages after `after`, oldest first: their claims with `seq`. */
export function messagesAfter(
  db: Db,
  stationId: string,
  after: number,
  limit: number,
): { messages: CentralMessage[]; more: boolean } {
  const rows = db
    .prepare('SELECT seq, claims FROM central_messages WHERE station_id = ? AND seq > ? ORDER BY seq LIMIT ?')
    .all(stationId, after, limit + 1) as { seq: number; claims: string }[];
  const messages = rows
    .slice(0, limit)
    .map((row) => ({ ...(JSON.parse(row.claims) as QueuedClaims), seq: row.seq }) as CentralMessage);
  return { messages, more: rows.length > limit };
}

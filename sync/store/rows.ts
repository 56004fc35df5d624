/** Mapping between outbox rows (snake_case SQL) and OutboxEntry objects. */
import { join } from 'node:path';
import type { OutboxState } from './states';

export interface OutboxRow {
  dossier_id: string;
  station_id: string;
  kind: 'application' | 'certification';
  state: OutboxState;
  blob_file: string | null;
  ciphertext_offset: number;
  ciphertext_size: number;
  ciphertext_sha256: string;
  dispatch: string;
  attempts: number;
  last_error: string | null;
  last_error_cause: string | null;
  next_attempt_at: number;
  park_cause: string | null;
  receipt: string | null;
  received_at: string | null;
  acknowledged_at: number | null;
  purge_after: number | null;
  purged_at: number | null;
  enqueued_at: number;
  updated_at: number;
}

export interface OutboxEntry {
  dossierId: string;
  stationId: string;
  kind: 'application' | 'certification';
  state: OutboxState;
  /** Where the ciphertext is, for the uploader (absent once purged). */
  blob: { path: string; offset: number; size: number } | null;
  ciphertextSha256: string;
  dispatch: string;
  attempts: number;
  lastError: string | null;
  lastErrorCause: string | null;
  nextAttemptAt: number;
  parkCause: string | null;
  receipt: string | null;
  receivedAt: string | null;
  acknowledgedAt: number | null;
  purgeAfter: number | null;
  purgedAt: number | null;
  enqueuedAt: number;
  updatedAt: number;
}

export function toEntry(row: OutboxRow, blobsDir: string): OutboxEntry {
  return {
    dossierId: row.dossier_id,
    stationId: row.station_id,
    kind: row.kind,
    state: row.state,
    blob: row.blob_file
      ? { path: join(blobsDir, row.blob_file), offset: row.ciphertext_offset, size: row.ciphertext_size }
      : null,
    ciphertextSha256: row.ciphertext_sha256,
    dispatch: row.dispatch,
    attempts: row.attempts,
    lastError: row.last_error,
    lastErrorCause: row.last_error_cause,
    nextAttemptAt: row.next_attempt_at,
    parkCause: row.park_cause,
    receipt: row.receipt,
    receivedAt: row.received_at,
    acknowledgedAt: row.acknowledged_at,
    purgeAfter: row.purge_after,
    purgedAt: row.purged_at,
    enqueuedAt: row.enqueued_at,
    updatedAt: row.updated_at,
  };
}

export const INSERT_ROW = `INSERT INTO outbox (
  dossier_id, station_id, kind, state, blob_file, ciphertext_offset, ciphertext_size, ciphertext_sha256, dispatch,
  attempts, next_attempt_at, park_cause, receipt, received_at, acknowledged_at, purge_after, purged_at,
  enqueued_at, updated_at
) VALUES (
  @dossier_id, @station_id, @kind, @state, @blob_file, @ciphertext_offset, @ciphertext_size, @ciphertext_sha256, @dispatch,
  @attempts, @next_attempt_at, @park_cause, @receipt, @received_at, @acknowledged_at, @purge_after, @purged_at,
  @enqueued_at, @updated_at
)`;

export type NewRow = Pick<
  OutboxRow,
  | 'dossier_id'
  | 'station_id'
  | 'kind'
  | 'state'
  | 'blob_file'
  | 'ciphertext_offset'
  | 'ciphertext_size'
  | 'ciphertext_sha256'
  | 'dispatch'
  | 'attempts'
  | 'next_attempt_at'
  | 'park_cause'
  | 'receipt'
  | 'received_at'
  | 'acknowledged_at'
  | 'purge_after'
  | 'purged_at'
  | 'enqueued_at'
  | 'updated_at'
>;

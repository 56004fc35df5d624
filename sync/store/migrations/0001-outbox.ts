/**
 * 0001: the outbox table, one row per dossier, holding its state and everything the sync engine
 * needs (attempts, last error and its cause, next attempt, receipt, retention), but never the
 * ciphertext: that lives in blob files. Times are integer milliseconds since the epoch.
 * CHECK constraints restate the state machine's invariants so no code path can store a row that
 * breaks them.
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 1,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        dossier_id TEXT PRIMARY KEY NOT NULL,
        station_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('application', 'certification')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'uploading', 'acknowledged', 'purged', 'parked')),
        blob_file TEXT UNIQUE,
        ciphertext_offset INTEGER NOT NULL CHECK (ciphertext_offset > 0),
        ciphertext_size INTEGER NOT NULL CHECK (ciphertext_size > 0),
        ciphertext_sha256 TEXT NOT NULL CHECK (length(ciphertext_sha256) = 64),
        dispatch TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        last_error_cause TEXT,
        next_attempt_at INTEGER NOT NULL,
        park_cause TEXT,
        receipt TEXT,
        received_at TEXT,
        acknowledged_at INTEGER,
        purge_after INTEGER,
        purged_at INTEGER,
        enqueued_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK ((state = 'purged') = (blob_file IS NULL)),
        CHECK (state NOT IN ('acknowledged', 'purged') OR (receipt IS NOT NULL AND purge_after IS NOT NULL)),
        CHECK (state <> 'parked' OR park_cause IS NOT NULL)
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, dossier_id);
      CREATE INDEX outbox_purge ON outbox (state, purge_after);
    `);
  },
};

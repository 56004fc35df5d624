/**
 * 0003: a dossier's life after its receipt. `dossier_statuses` holds each stored dossier's current
 * status (received -> instruction -> ... -> handed_over, or rejected with a reason code),
 * `dossier_status_history` every status it took, `complement_requests` the complementary captures
 * asked for, and `central_messages` the central -> station messages, numbered by one monotonic
 * `seq` (signed when a station pulls them). Dossiers stored before this migration start as received.
 */
import type { Migration } from '../../../sync/store/migrations/migration';

const STATUSES =
  "'received', 'instruction', 'complement_requested', 'complement_received', 'title_produced', 'title_available', 'handed_over', 'rejected'";

export const migration: Migration = {
  version: 3,
  name: 'dossier-lifecycle',
  up(db) {
    db.exec(`
      CREATE TABLE dossier_statuses (
        dossier_id TEXT PRIMARY KEY NOT NULL REFERENCES dossiers (dossier_id),
        status TEXT NOT NULL CHECK (status IN (${STATUSES})),
        reason TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX dossier_statuses_status ON dossier_statuses (status);
      CREATE TABLE dossier_status_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        dossier_id TEXT NOT NULL REFERENCES dossiers (dossier_id),
        status TEXT NOT NULL CHECK (status IN (${STATUSES})),
        reason TEXT,
        request_id TEXT,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX dossier_status_history_dossier ON dossier_status_history (dossier_id, seq);
      CREATE TABLE complement_requests (
        request_id TEXT PRIMARY KEY NOT NULL,
        dossier_id TEXT NOT NULL REFERENCES dossiers (dossier_id),
        part TEXT NOT NULL CHECK (part IN ('portrait', 'fingerprints', 'signature')),
        reason TEXT NOT NULL,
        deadline INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'fulfilled', 'cancelled')),
        created_at INTEGER NOT NULL,
        closed_at INTEGER
      ) STRICT;
      CREATE INDEX complement_requests_dossier ON complement_requests (dossier_id);
      CREATE TABLE central_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        station_id TEXT NOT NULL,
        type TEXT NOT NULL,
        dossier_id TEXT NOT NULL REFERENCES dossiers (dossier_id),
        claims TEXT NOT NULL CHECK (json_valid(claims)),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL CHECK (expires_at > created_at)
      ) STRICT;
      CREATE INDEX central_messages_station ON central_messages (station_id, seq);
      INSERT INTO dossier_statuses (dossier_id, status, reason, updated_at)
        SELECT dossier_id, 'received', NULL, stored_at FROM dossiers;
      INSERT INTO dossier_status_history (dossier_id, status, reason, request_id, at)
        SELECT dossier_id, 'received', NULL, NULL, stored_at FROM dossiers ORDER BY stored_at, dossier_id;
    `);
  },
};

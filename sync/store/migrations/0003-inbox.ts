/**
 * 0003: the station's inbox of central -> station messages. `inbox_messages` holds every accepted
 * message (its id and seq are each seen once: replay is refused), `inbox_cursor` the highest seq
 * pulled, `inbox_journal` each acceptance and refusal until the audit log has it (`audited`), and
 * the station's view the messages build: `central_statuses` (each dossier's status at the central)
 * and `complement_requests` (what the central asked the town hall to capture again).
 */
import type { Migration } from './migration';

const STATUSES =
  "'received', 'instruction', 'complement_requested', 'complement_received', 'title_produced', 'title_available', 'handed_over', 'rejected'";

export const migration: Migration = {
  version: 3,
  name: 'inbox',
  up(db) {
    db.exec(`
      CREATE TABLE inbox_messages (
        id TEXT PRIMARY KEY NOT NULL,
        seq INTEGER NOT NULL UNIQUE CHECK (seq > 0),
        type TEXT NOT NULL,
        dossier_id TEXT NOT NULL,
        claims TEXT NOT NULL CHECK (json_valid(claims)),
        jws TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE inbox_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_seq INTEGER NOT NULL CHECK (last_seq >= 0)
      ) STRICT;
      INSERT INTO inbox_cursor (id, last_seq) VALUES (1, 0);
      CREATE TABLE inbox_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        dedupe TEXT NOT NULL UNIQUE,
        outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'refused')),
        reason TEXT,
        message_id TEXT,
        message_seq INTEGER,
        type TEXT,
        dossier_id TEXT,
        at INTEGER NOT NULL,
        audited INTEGER NOT NULL DEFAULT 0 CHECK (audited IN (0, 1))
      ) STRICT;
      CREATE INDEX inbox_journal_unaudited ON inbox_journal (audited, seq);
      CREATE TABLE central_statuses (
        dossier_id TEXT PRIMARY KEY NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${STATUSES})),
        reason TEXT,
        at TEXT NOT NULL,
        message_seq INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE complement_requests (
        request_id TEXT PRIMARY KEY NOT NULL,
        dossier_id TEXT NOT NULL,
        part TEXT NOT NULL CHECK (part IN ('portrait', 'fingerprints', 'signature')),
        reason TEXT NOT NULL,
        deadline TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'fulfilled', 'closed')),
        message_id TEXT NOT NULL REFERENCES inbox_messages (id),
        received_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

/**
 * 0002: an append-only journal of outbox state changes (for the CLI, support and audits), written
 * by triggers so that no code path can change a state without leaving a trace.
 */
import type { Migration } from './migration';

export const migration: Migration = {
  version: 2,
  name: 'outbox-events',
  up(db) {
    db.exec(`
      CREATE TABLE outbox_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        dossier_id TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        at INTEGER NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX outbox_events_dossier ON outbox_events (dossier_id, seq);
      CREATE TRIGGER outbox_event_insert AFTER INSERT ON outbox BEGIN
        INSERT INTO outbox_events (dossier_id, from_state, to_state, at, detail)
        VALUES (NEW.dossier_id, NULL, NEW.state, NEW.updated_at, NEW.park_cause);
      END;
      CREATE TRIGGER outbox_event_update AFTER UPDATE OF state ON outbox WHEN NEW.state IS NOT OLD.state BEGIN
        INSERT INTO outbox_events (dossier_id, from_state, to_state, at, detail)
        VALUES (NEW.dossier_id, OLD.state, NEW.state, NEW.updated_at,
                CASE NEW.state WHEN 'parked' THEN NEW.park_cause WHEN 'queued' THEN NEW.last_error_cause END);
      END;
    `);
    // Rows that existed before this migration get their current state as a first event.
    db.exec(`
      INSERT INTO outbox_events (dossier_id, from_state, to_state, at, detail)
      SELECT dossier_id, NULL, state, updated_at, 'before journal' FROM outbox ORDER BY dossier_id;
    `);
  },
};

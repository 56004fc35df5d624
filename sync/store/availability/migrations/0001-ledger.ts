/**
 * 0001: the availability ledger. One row per recorded opening minute, keyed by the epoch minute
 * (the rowid itself: a row costs about a dozen bytes). The state is 0 ready, 1 degraded, 2 down;
 * the minute's causes are a shared cause set (most minutes repeat the previous one's), null when
 * ready. `source` says how the row was written: 0 observed, 1 filled at restart (station not
 * running), 2 filled after a forward clock jump. Events record what the ledger noticed (clock jumps,
 * restart gaps); meta keeps small named values (the last contact with the central system).
 */
import type { Migration } from '../../migrations/migration';

export const migration: Migration = {
  version: 1,
  name: 'availability-ledger',
  up(db) {
    db.exec(`
      CREATE TABLE ledger_cause_sets (
        id INTEGER PRIMARY KEY,
        causes TEXT NOT NULL UNIQUE CHECK (json_valid(causes) AND json_type(causes) = 'array')
      ) STRICT;
      CREATE TABLE ledger_minutes (
        minute INTEGER PRIMARY KEY NOT NULL CHECK (minute >= 0),
        state INTEGER NOT NULL CHECK (state IN (0, 1, 2)),
        cause_set INTEGER REFERENCES ledger_cause_sets (id),
        source INTEGER NOT NULL DEFAULT 0 CHECK (source IN (0, 1, 2)),
        CHECK ((state = 0) = (cause_set IS NULL))
      ) STRICT;
      CREATE TABLE ledger_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('clock-jump-forward', 'clock-jump-backward', 'restart-gap')),
        minute INTEGER NOT NULL,
        minutes INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE ledger_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

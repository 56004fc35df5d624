/**
 * 0004: the simulated e-photo provider's records: by code, the portrait and the applicant's
 * signature an approved booth deposited, the provider's JWS over them, and when the code was used.
 */
import type { Migration } from '../../../sync/store/migrations/migration';

export const migration: Migration = {
  version: 4,
  name: 'ephoto',
  up(db) {
    db.exec(`
      CREATE TABLE ephoto_records (
        code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 22),
        taken_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        jws TEXT NOT NULL,
        photo BLOB NOT NULL,
        signature BLOB NOT NULL,
        used_at TEXT,
        used_by TEXT
      ) STRICT;
    `);
  },
};

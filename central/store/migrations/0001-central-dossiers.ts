/**
 * 0001: the reference central server's dossiers, one row per distinct dossier id (the PRIMARY KEY is
 * what makes "stored once" hold whatever the number of deliveries; the signed receipt is kept so a
 * duplicate gets the same one), and the log of deliveries (stored or duplicate).
 */
import type { Migration } from '../../../sync/store/migrations/migration';

export const migration: Migration = {
  version: 1,
  name: 'central-dossiers',
  up(db) {
    db.exec(`
      CREATE TABLE dossiers (
        dossier_id TEXT PRIMARY KEY NOT NULL,
        station_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('application', 'certification')),
        ciphertext_sha256 TEXT NOT NULL CHECK (length(ciphertext_sha256) = 64),
        ciphertext_size INTEGER NOT NULL CHECK (ciphertext_size > 0),
        ciphertext_file TEXT NOT NULL UNIQUE,
        manifest TEXT NOT NULL,
        attestation TEXT NOT NULL,
        receipt TEXT NOT NULL,
        received_at TEXT NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX dossiers_station ON dossiers (station_id);
      CREATE TABLE deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        dossier_id TEXT NOT NULL REFERENCES dossiers (dossier_id),
        outcome TEXT NOT NULL CHECK (outcome IN ('stored', 'duplicate')),
        at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

/**
 * 0002: the counter services the reference central simulates: pre-applications (the online form's
 * content, valid six months, used once filed), the appointment platform's application ids and the
 * appointments other town halls declared for them, and the electronic tax-stamp ledger.
 */
import type { Migration } from '../../../sync/store/migrations/migration';

export const migration: Migration = {
  version: 2,
  name: 'counter-services',
  up(db) {
    db.exec(`
      CREATE TABLE pre_applications (
        number TEXT PRIMARY KEY NOT NULL CHECK (length(number) = 10),
        created_at TEXT NOT NULL,
        used_at TEXT,
        content TEXT NOT NULL CHECK (json_valid(content))
      ) STRICT;
      CREATE TABLE rdv_appointments (
        application_id TEXT NOT NULL CHECK (length(application_id) = 10),
        meeting_point TEXT NOT NULL,
        meeting_point_id TEXT,
        appointment_date TEXT NOT NULL,
        management_url TEXT NOT NULL,
        editor_comment TEXT,
        declared_at INTEGER NOT NULL,
        PRIMARY KEY (application_id, management_url)
      ) STRICT;
      CREATE TABLE tax_stamps (
        number TEXT PRIMARY KEY NOT NULL CHECK (length(number) = 16),
        amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
        issued_at TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('valid', 'consumed', 'cancelled')),
        consumed_at TEXT,
        consumed_by TEXT
      ) STRICT;
    `);
  },
};

/**
 * Migration runner: applies pending numbered migrations in order, each in its own IMMEDIATE
 * transaction together with its row in `schema_migrations`, so a failing migration leaves neither
 * partial schema nor record. Refuses a database migrated by a newer Recueil (unknown versions) or
 * whose recorded names differ from the code's (a renumbering mistake). Before upgrading a database
 * that already holds a schema, it can take a consistent copy (`VACUUM INTO`, fsynced): the rollback
 * plan's "copy before the update" (docs/robustness.md), taken by the code itself.
 */
import { closeSync, fsyncSync, openSync, rmSync } from 'node:fs';
import type { Db } from './database';
import { MIGRATIONS, type Migration } from './migrations';

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAt: number;
}

export function appliedMigrations(db: Db): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  return db
    .prepare('SELECT version, name, applied_at AS appliedAt FROM schema_migrations ORDER BY version')
    .all() as AppliedMigration[];
}

export interface MigrateOptions {
  now?: () => number;
  /**
   * Where to copy the database before upgrading it from schema `from` to `to` (only when it already
   * holds a schema and a migration is pending). The copy replaces any file of that name.
   */
  backupPath?: (from: number, to: number) => string;
}

/** Copies the database to `path` as one consistent snapshot, then makes the copy durable. */
function backupDatabase(db: Db, path: string): void {
  rmSync(path, { force: true });
  db.prepare('VACUUM INTO ?').run(path);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Returns the versions applied by this call. */
export function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
  options: MigrateOptions = {},
): number[] {
  const now = options.now ?? Date.now;
  for (let i = 0; i < migrations.length; i++) {
    if (migrations[i]!.version !== i + 1)
      throw new MigrationError(`migration #${i} has version ${migrations[i]!.version}`);
  }
  const applied = appliedMigrations(db);
  for (const record of applied) {
    const known = migrations[record.version - 1];
    if (!known) {
      throw new MigrationError(
        `base de données écrite par une version plus récente de Recueil (schéma ${record.version}, ce logiciel connaît ${migrations.length}) : réinstallez cette version ou restaurez la copie prise avant la mise à jour`,
      );
    }
    if (known.name !== record.name) {
      throw new MigrationError(
        `migration ${record.version} is recorded as "${record.name}", code has "${known.name}"`,
      );
    }
  }
  const done = new Set(applied.map((record) => record.version));
  const pending = migrations.filter((migration) => !done.has(migration.version));
  if (options.backupPath && applied.length > 0 && pending.length > 0) {
    const from = Math.max(...applied.map((record) => record.version));
    backupDatabase(db, options.backupPath(from, migrations.length));
  }
  const ran: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    try {
      db.transaction(() => {
        migration.up(db);
        record.run(migration.version, migration.name, now());
      }).immediate();
    } catch (cause) {
      throw new MigrationError(`migration ${migration.version} (${migration.name}) failed`, { cause });
    }
    ran.push(migration.version);
  }
  return ran;
}

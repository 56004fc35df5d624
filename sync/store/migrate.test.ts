import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, test } from 'node:test';
import Database from 'better-sqlite3';
import { appliedMigrations, MigrationError, migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { tempDatabase } from './store.testing';

let ctx: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  ctx = tempDatabase();
});
afterEach(() => ctx.cleanup());

/** The latest schema version, and the versions after the first. */
const LAST = MIGRATIONS.length;
const LATER = MIGRATIONS.slice(1).map((m) => m.version);

test('applies every migration once, in order, and records it', () => {
  assert.deepEqual(
    migrate(ctx.db, MIGRATIONS, { now: () => 42 }),
    MIGRATIONS.map((m) => m.version),
  );
  assert.deepEqual(
    appliedMigrations(ctx.db).map((m) => [m.version, m.name, m.appliedAt]),
    MIGRATIONS.map((m) => [m.version, m.name, 42]),
  );
  assert.deepEqual(migrate(ctx.db), []);
});

test('applies only the pending migrations of an older database', () => {
  migrate(ctx.db, MIGRATIONS.slice(0, 1));
  assert.deepEqual(migrate(ctx.db), LATER);
});

test('copies an older database before upgrading it, and only then', () => {
  const backup = (from: number, to: number) => `${ctx.path}.pre-v${to}-from-v${from}.bak`;
  // A new database: nothing to keep, no copy.
  migrate(ctx.db, MIGRATIONS.slice(0, 1), { backupPath: backup });
  assert.equal(existsSync(backup(0, 1)), false);
  ctx.db.exec("CREATE TABLE kept (x TEXT); INSERT INTO kept VALUES ('queued before the update')");
  assert.deepEqual(migrate(ctx.db, MIGRATIONS, { backupPath: backup }), LATER);
  const copy = new Database(backup(1, LAST), { readonly: true });
  try {
    // The copy is the database as the previous release left it: schema 1 and its rows.
    assert.deepEqual(copy.prepare('SELECT version FROM schema_migrations').all(), [{ version: 1 }]);
    assert.deepEqual(copy.prepare('SELECT x FROM kept').all(), [{ x: 'queued before the update' }]);
  } finally {
    copy.close();
  }
  // Up to date: no new copy.
  rmSync(backup(1, LAST));
  assert.deepEqual(migrate(ctx.db, MIGRATIONS, { backupPath: backup }), []);
  assert.equal(existsSync(backup(LAST, LAST)), false);
});

test('a failing migration leaves no partial schema and no record', () => {
  const broken: Migration = {
    version: LAST + 1,
    name: 'broken',
    up(db) {
      db.exec('CREATE TABLE half_done (x INTEGER)');
      throw new Error('boom');
    },
  };
  assert.throws(() => migrate(ctx.db, [...MIGRATIONS, broken]), MigrationError);
  assert.deepEqual(
    appliedMigrations(ctx.db).map((m) => m.version),
    MIGRATIONS.map((m) => m.version),
  );
  assert.equal(ctx.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get(), undefined);
});

test('refuses a database from a newer version or with renamed migrations', () => {
  migrate(ctx.db);
  ctx.db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 0)").run();
  assert.throws(
    () => migrate(ctx.db),
    new RegExp(`version plus récente de Recueil \\(schéma 99, ce logiciel connaît ${LAST}\\)`),
  );
  ctx.db.prepare('DELETE FROM schema_migrations WHERE version = 99').run();
  ctx.db.prepare("UPDATE schema_migrations SET name = 'other' WHERE version = 1").run();
  assert.throws(() => migrate(ctx.db), /recorded as "other"/);
});

test('refuses a migration list with gaps', () => {
  assert.throws(() => migrate(ctx.db, [MIGRATIONS[1]!]), /version/);
});

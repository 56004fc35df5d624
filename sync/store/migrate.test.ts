import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { appliedMigrations, MigrationError, migrate } from './migrate';
import { MIGRATIONS, type Migration } from './migrations';
import { tempDatabase } from './testing';

let ctx: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  ctx = tempDatabase();
});
afterEach(() => ctx.cleanup());

test('applies every migration once, in order, and records it', () => {
  assert.deepEqual(
    migrate(ctx.db, MIGRATIONS, () => 42),
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
  assert.deepEqual(migrate(ctx.db), [2]);
});

test('a failing migration leaves no partial schema and no record', () => {
  const broken: Migration = {
    version: 3,
    name: 'broken',
    up(db) {
      db.exec('CREATE TABLE half_done (x INTEGER)');
      throw new Error('boom');
    },
  };
  assert.throws(() => migrate(ctx.db, [...MIGRATIONS, broken]), MigrationError);
  assert.deepEqual(
    appliedMigrations(ctx.db).map((m) => m.version),
    [1, 2],
  );
  assert.equal(ctx.db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get(), undefined);
});

test('refuses a database from a newer version or with renamed migrations', () => {
  migrate(ctx.db);
  ctx.db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 0)").run();
  assert.throws(() => migrate(ctx.db), /newer than this software/);
  ctx.db.prepare('DELETE FROM schema_migrations WHERE version = 99').run();
  ctx.db.prepare("UPDATE schema_migrations SET name = 'other' WHERE version = 1").run();
  assert.throws(() => migrate(ctx.db), /recorded as "other"/);
});

test('refuses a migration list with gaps', () => {
  assert.throws(() => migrate(ctx.db, [MIGRATIONS[1]!]), /version/);
});

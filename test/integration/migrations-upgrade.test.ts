/**
 * The update path: a station or central database left by every earlier Recueil schema is upgraded
 * in place by the current code without losing anything, and the queue still syncs afterwards.
 *
 * For each earlier schema version k, a real station queue (acknowledged, queued, interrupted
 * uploading and parked dossiers, made by the current code against the reference central server) is
 * rewritten into a database built by migrations 1..k only (each table and column that existed at
 * k), as an older release would have left it. Then the current code opens it (startup recovery +
 * migrations), every row must still be there with its state and receipt, and `sync now` must bring
 * every deliverable dossier to the central exactly once. The central store gets the same treatment,
 * and both refuse a database written by a newer release without touching it (the rollback policy).
 * Last, the documented rollback (docs/robustness.md): restoring the database copied before the
 * update, with the blob and receipt files written since, loses no dossier.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CENTRAL_MIGRATIONS, CentralStore } from '../../central/api';
import { enqueueSynthetic, openStation, runSyncNow } from '../../sync/api';
import { loadStationFile } from '../../sync/config/station-file';
import { AvailabilityLedger, LEDGER_MIGRATIONS } from '../../sync/store/availability';
import { type Db, integrityProblems, openDatabase } from '../../sync/store/database';
import { appliedMigrations, migrate } from '../../sync/store/migrate';
import { MIGRATIONS, type Migration } from '../../sync/store/migrations';
import { type SyncEnv, syncEnv } from './fixtures/sync-env';

let env: SyncEnv;
before(async () => {
  env = await syncEnv();
});
after(async () => {
  await env.cleanup();
});

/** Tables (and their columns) that exist after migrations 1..k. */
function schemaAt(migrations: readonly Migration[], k: number, scratch: string): Map<string, string[]> {
  const db = openDatabase(scratch);
  try {
    migrate(db, migrations.slice(0, k));
    return tablesOf(db);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${scratch}${suffix}`, { force: true });
  }
}

function tablesOf(db: Db): Map<string, string[]> {
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY rowid",
    )
    .all() as { name: string }[];
  return new Map(
    tables.map(({ name }) => [
      name,
      (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name),
    ]),
  );
}

/**
 * Replaces the database at `path` by one at schema version k holding the same rows (projected on
 * the columns that existed at k), as an older release would have written it.
 */
function downgradeTo(path: string, migrations: readonly Migration[], k: number): void {
  const old = `${path}.old-${k}`;
  const schema = schemaAt(migrations, k, `${path}.scratch`);
  const db = openDatabase(old);
  try {
    migrate(db, migrations.slice(0, k));
    db.prepare('ATTACH DATABASE ? AS src').run(path);
    for (const [table, columns] of schema) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      db.exec(`INSERT OR IGNORE INTO main."${table}" (${list}) SELECT ${list} FROM src."${table}"`);
    }
    db.exec('DETACH DATABASE src');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(old, path);
  for (const suffix of ['-wal', '-shm']) rmSync(`${old}${suffix}`, { force: true });
}

interface RowView {
  id: string;
  state: string;
  receipt: string | null;
  sha: string;
  parkCause: string | null;
}

function outboxRows(path: string): Map<string, RowView> {
  const db = openDatabase(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT dossier_id AS id, state, receipt, ciphertext_sha256 AS sha, park_cause AS parkCause FROM outbox',
      )
      .all() as RowView[];
    return new Map(rows.map((r) => [r.id, r]));
  } finally {
    db.close();
  }
}

function execOn(path: string, sql: string, ...params: unknown[]): void {
  const db = openDatabase(path);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('station outbox: upgrade from every earlier schema keeps the queue', () => {
  const earlier = MIGRATIONS.slice(0, -1).map((m) => m.version);

  it('there is at least one earlier outbox schema to upgrade from', () => {
    assert.ok(earlier.length >= 1, `migrations: ${MIGRATIONS.map((m) => m.version).join(',')}`);
  });

  for (const k of earlier) {
    it(`schema ${k} -> ${MIGRATIONS.length}: nothing lost, still syncs, each dossier stored once`, async () => {
      const config = env.stationVariant(`upgrade-from-${k}`, () => undefined);
      const database = join(loadStationFile(config).dataDir, 'outbox.sqlite');

      // Acknowledged dossiers (with receipts), then queued ones.
      const { ids: acknowledged } = await enqueueSynthetic(config, 2, 0.05);
      const first = await runSyncNow(config, { giveUpAfterMs: 30_000 });
      assert.equal(first.remaining, 0);
      const { ids: pending } = await enqueueSynthetic(config, 4, 0.05);
      const [uploading, parked, ...queued] = pending as [string, string, ...string[]];
      // A crash mid-upload, and a dossier parked by an earlier failure.
      execOn(database, "UPDATE outbox SET state = 'uploading', attempts = 1 WHERE dossier_id = ?", uploading);
      execOn(
        database,
        "UPDATE outbox SET state = 'parked', park_cause = 'rejected', last_error = 'refusé' WHERE dossier_id = ?",
        parked,
      );
      const before = outboxRows(database);
      assert.equal(before.size, 6);

      downgradeTo(database, MIGRATIONS, k);
      {
        const db = openDatabase(database, { readonly: true });
        assert.deepEqual(
          appliedMigrations(db).map((m) => m.version),
          MIGRATIONS.slice(0, k).map((m) => m.version),
        );
        db.close();
      }

      // The new release opens the old database: recovery + migrations, in place.
      const station = await openStation(config);
      const copy = `${database}.pre-v${MIGRATIONS.length}-from-v${k}.bak`;
      try {
        assert.equal(station.recovery.database, 'ok', 'migrated in place, not rebuilt');
        // The copy taken before the update is the database as release k left it.
        const copied = openDatabase(copy, { readonly: true });
        try {
          assert.deepEqual(
            appliedMigrations(copied).map((m) => m.version),
            MIGRATIONS.slice(0, k).map((m) => m.version),
          );
        } finally {
          copied.close();
        }
        assert.deepEqual(station.recovery.interruptedUploads, [uploading]);
        assert.deepEqual(station.recovery.missingBlobs, []);
        assert.deepEqual(station.recovery.quarantined, []);
        const counts = station.outbox.counts();
        assert.equal(counts.acknowledged, 2);
        assert.equal(counts.queued, 3);
        assert.equal(counts.parked, 1);
      } finally {
        station.close();
      }
      const upgraded = openDatabase(database, { readonly: true });
      try {
        assert.deepEqual(
          appliedMigrations(upgraded).map((m) => m.version),
          MIGRATIONS.map((m) => m.version),
        );
        assert.deepEqual(integrityProblems(upgraded), []);
        if (tablesOf(upgraded).has('outbox_events')) {
          const journaled = upgraded.prepare('SELECT DISTINCT dossier_id AS id FROM outbox_events').all() as {
            id: string;
          }[];
          assert.deepEqual(
            new Set(journaled.map((r) => r.id)),
            new Set(before.keys()),
            'every dossier journaled',
          );
        }
      } finally {
        upgraded.close();
      }
      const after = outboxRows(database);
      assert.deepEqual(new Set(after.keys()), new Set(before.keys()), 'no dossier lost or added');
      for (const [id, row] of before) {
        const now = after.get(id)!;
        assert.equal(now.sha, row.sha, `${id}: same ciphertext`);
        assert.equal(now.receipt, row.receipt, `${id}: same receipt`);
        assert.equal(now.state, id === uploading ? 'queued' : row.state, `${id}: state kept`);
      }
      assert.equal(after.get(parked)?.parkCause, 'rejected');

      // The queue still syncs: every deliverable dossier reaches the central, once.
      const result = await runSyncNow(config, { giveUpAfterMs: 30_000 });
      assert.equal(result.remaining, 0, JSON.stringify(result));
      const final = outboxRows(database);
      for (const id of [...acknowledged, uploading, ...queued]) {
        const row = final.get(id)!;
        assert.equal(row.state, 'acknowledged', `${id} acknowledged`);
        const stored = env.central.store.find(id);
        assert.ok(stored, `${id} reached the central`);
        assert.equal(stored.receipt, row.receipt);
      }
      assert.equal(final.get(parked)?.state, 'parked', 'a parked dossier stays parked (never dropped)');
      assert.equal(env.central.store.find(parked), undefined);
      const storedBy = new Map<string, number>();
      for (const d of env.central.store.deliveries())
        if (d.outcome === 'stored') storedBy.set(d.dossierId, (storedBy.get(d.dossierId) ?? 0) + 1);
      for (const id of [...acknowledged, uploading, ...queued])
        assert.equal(storedBy.get(id), 1, `${id} stored once`);
    });
  }

  it('an older release refuses a newer outbox schema and leaves the files untouched', async () => {
    const config = env.stationVariant('from-the-future', () => undefined);
    const dataDir = loadStationFile(config).dataDir;
    const database = join(dataDir, 'outbox.sqlite');
    await enqueueSynthetic(config, 1, 0.05);
    const before = outboxRows(database);
    execOn(database, 'INSERT INTO schema_migrations VALUES (?, ?, ?)', MIGRATIONS.length + 1, 'future', 0);
    await assert.rejects(openStation(config), /version plus récente de Recueil/);
    assert.ok(!existsSync(join(dataDir, 'corrupt')), 'nothing moved aside');
    assert.deepEqual(outboxRows(database), before);
  });
});

describe('rollback: restoring the database backup taken before the update', () => {
  it('recovers every dossier queued or acknowledged since, from the blob and receipt files', async () => {
    const config = env.stationVariant('rollback', () => undefined);
    const database = join(loadStationFile(config).dataDir, 'outbox.sqlite');
    const { ids: old } = await enqueueSynthetic(config, 2, 0.05);
    // The copy of the database before the update (what the migration runner takes itself when a
    // migration is pending, `outbox.sqlite.pre-vN-from-vK.bak`).
    const backup = `${database}.before-update`;
    {
      const db = openDatabase(database, { readonly: true });
      db.prepare('VACUUM INTO ?').run(backup);
      db.close();
    }
    // The new release runs for a while: the old dossiers are sent, new ones queued and some sent.
    assert.equal((await runSyncNow(config, { giveUpAfterMs: 30_000 })).remaining, 0);
    const { ids: sentSince } = await enqueueSynthetic(config, 2, 0.05);
    assert.equal((await runSyncNow(config, { giveUpAfterMs: 30_000 })).remaining, 0);
    const { ids: queuedSince } = await enqueueSynthetic(config, 2, 0.05);
    const receipts = outboxRows(database);

    // Rollback: the previous release's database comes back; blobs/ and receipts/ are kept.
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${database}${suffix}`, { force: true });
    cpSync(backup, database);
    const station = await openStation(config);
    try {
      assert.deepEqual(new Set(station.recovery.adopted), new Set([...sentSince, ...queuedSince]));
      const counts = station.outbox.counts();
      assert.equal(counts.queued, 2, 'the dossiers queued since are queued again');
      assert.equal(counts.acknowledged, 4, 'the dossiers sent since are acknowledged from their receipts');
    } finally {
      station.close();
    }
    assert.equal((await runSyncNow(config, { giveUpAfterMs: 30_000 })).remaining, 0);
    const final = outboxRows(database);
    for (const id of [...old, ...sentSince, ...queuedSince]) {
      assert.equal(final.get(id)?.state, 'acknowledged', `${id} acknowledged`);
      assert.ok(env.central.store.find(id), `${id} at the central`);
    }
    for (const id of [...old, ...sentSince]) assert.equal(final.get(id)?.receipt, receipts.get(id)?.receipt);
    const storedBy = new Map<string, number>();
    for (const d of env.central.store.deliveries())
      if (d.outcome === 'stored') storedBy.set(d.dossierId, (storedBy.get(d.dossierId) ?? 0) + 1);
    for (const id of [...old, ...sentSince, ...queuedSince])
      assert.equal(storedBy.get(id), 1, `${id} stored once`);
  });
});

describe('central store: upgrade from every schema keeps every dossier', () => {
  it('reopens a database at each schema version with all dossiers and deliveries', async () => {
    const config = env.stationVariant('central-upgrade', () => undefined);
    const { ids } = await enqueueSynthetic(config, 3, 0.05);
    assert.equal((await runSyncNow(config, { giveUpAfterMs: 30_000 })).remaining, 0);
    // A consistent copy of the live central's data (the server keeps running for the other tests).
    const dataDir = join(env.dir, 'central-copy');
    cpSync(join(env.central.store.dataDir, 'dossiers'), join(dataDir, 'dossiers'), { recursive: true });
    const live = openDatabase(join(env.central.store.dataDir, 'central.sqlite'), { readonly: true });
    live.prepare('VACUUM INTO ?').run(join(dataDir, 'central.sqlite'));
    live.close();
    const expected = new Map(ids.map((id) => [id, env.central.store.find(id)!]));
    const deliveries = env.central.store.deliveries().length;
    for (let k = 1; k <= CENTRAL_MIGRATIONS.length; k++) {
      downgradeTo(join(dataDir, 'central.sqlite'), CENTRAL_MIGRATIONS, k);
      const store = await CentralStore.open(dataDir);
      try {
        for (const [id, stored] of expected) assert.deepEqual(store.find(id), stored, `${id} at schema ${k}`);
        assert.equal(store.deliveries().length, deliveries);
      } finally {
        store.close();
      }
    }
    const path = join(dataDir, 'central.sqlite');
    const count = CentralStore.countIn(dataDir);
    assert.equal(count, env.central.store.count());
    execOn(
      path,
      'INSERT INTO schema_migrations VALUES (?, ?, ?)',
      CENTRAL_MIGRATIONS.length + 1,
      'future',
      0,
    );
    await assert.rejects(CentralStore.open(dataDir), /version plus récente de Recueil/);
    assert.equal(CentralStore.countIn(dataDir), count, 'refused without touching the dossiers');
  });
});

describe('availability ledger: upgrade from every schema keeps every minute', () => {
  it('reopens a ledger at each schema version with all its minutes and events, refuses a newer one', () => {
    const path = join(env.dir, 'ledger-upgrade', 'availability.sqlite');
    mkdirSync(join(env.dir, 'ledger-upgrade'), { recursive: true });
    const ledger = AvailabilityLedger.open(path);
    const records = [
      { minute: 100, state: 'ready' as const, causes: [], source: 'observed' as const },
      {
        minute: 101,
        state: 'down' as const,
        causes: [{ cause: 'station-not-running' as const }],
        source: 'not-running' as const,
      },
      {
        minute: 102,
        state: 'degraded' as const,
        causes: [{ cause: 'device-missing' as const, device: 'sim-barcode' }],
        source: 'observed' as const,
      },
    ];
    ledger.record(records);
    ledger.addEvent('restart-gap', 101, 1);
    ledger.close();
    for (let k = 1; k <= LEDGER_MIGRATIONS.length; k++) {
      downgradeTo(path, LEDGER_MIGRATIONS, k);
      const reopened = AvailabilityLedger.open(path);
      try {
        assert.deepEqual(reopened.range(0, 1000), records, `schema ${k}`);
        assert.deepEqual(
          reopened.events(0, 1000).map((e) => [e.kind, e.minute, e.minutes]),
          [['restart-gap', 101, 1]],
        );
      } finally {
        reopened.close();
      }
    }
    execOn(path, 'INSERT INTO schema_migrations VALUES (?, ?, ?)', LEDGER_MIGRATIONS.length + 1, 'future', 0);
    assert.throws(() => AvailabilityLedger.open(path), /version plus récente de Recueil/);
    const untouched = AvailabilityLedger.openReadonly(path)!;
    assert.equal(untouched.range(0, 1000).length, records.length, 'refused without touching the minutes');
    untouched.close();
  });
});

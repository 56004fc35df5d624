/**
 * Opens the outbox SQLite database (the only module that constructs better-sqlite3).
 *
 * journal_mode=WAL: readers (status, CLI) never block the writer, and a commit is one sequential
 * append. synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; the outbox
 * commits a handful of rows per dossier, so the extra WAL fsync (~1 ms here) buys that every state
 * change the caller was told about (queued, acknowledged, purged) survives a power cut.
 * Ciphertext never goes into the database (see outbox.ts), so it stays small.
 * Prepared statements are cached per connection (`prepare` returns the same statement for the
 * same SQL): compiling them again on every call cost the syncing station ~1 ms per dossier. No
 * caller changes a statement's mode (pluck, raw, expand), which a shared statement would leak.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not enable WAL (journal_mode=${String(mode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('journal_size_limit = 8388608');
    }
    db.pragma('foreign_keys = ON');
    cachePreparedStatements(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function cachePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/** `PRAGMA integrity_check`: an empty list means the database is sound. */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) problems.push(`${fk.length} foreign key violations`);
  return problems;
}

/** Test support for the store: temp data dirs and bare databases. Not used by production code. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type TestPki, testPki } from '../crypto/crypto.testing';
import { signReceipt, verifyReceipt } from '../crypto/receipt';
import { type SealedDossier, sealDossier } from '../crypto/seal';
import { type SampleOptions, sampleDossier } from '../dossier/dossier.testing';
import { type Db, openDatabase } from './database';
import type { Migration } from './migrations/migration';
import { Outbox, type OutboxOptions } from './outbox';
import type { ReceiptVerifier } from './receipt-verifier';
import type { RecoveryReport } from './recovery';

export function tempDir(prefix = 'recueil-store-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function tempDatabase(): { db: Db; path: string; cleanup(): void } {
  const { dir, cleanup } = tempDir('recueil-db-');
  const path = join(dir, 'test.sqlite');
  const db = openDatabase(path);
  return {
    db,
    path,
    cleanup: () => {
      if (db.open) db.close();
      cleanup();
    },
  };
}

/**
 * A fresh temporary database for each test of the calling file, with `migrations` applied
 * (node:test beforeEach/afterEach); the returned function gives the current test's database.
 */
export function migratedDatabasePerTest(
  hooks: { beforeEach(fn: () => void): void; afterEach(fn: () => void): void },
  ...migrations: Migration[]
): () => Db {
  let ctx: ReturnType<typeof tempDatabase> | undefined;
  hooks.beforeEach(() => {
    ctx = tempDatabase();
    for (const m of migrations) m.up(ctx.db);
  });
  hooks.afterEach(() => ctx?.cleanup());
  return () => ctx!.db;
}

/** A valid outbox row for direct SQL tests (state 'queued'). */
export function rowValues(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    dossier_id: '01900000-0000-7000-8000-000000000001',
    station_id: 'S1',
    kind: 'application',
    state: 'queued',
    blob_file: '01900000-0000-7000-8000-000000000001.rcq',
    ciphertext_offset: 200,
    ciphertext_size: 1000,
    ciphertext_sha256: 'a'.repeat(64),
    dispatch: 'x.y.z',
    next_attempt_at: 0,
    enqueued_at: 1,
    updated_at: 1,
    ...overrides,
  };
}

export function insertRow(db: Db, overrides: Record<string, unknown> = {}): void {
  const values = rowValues(overrides);
  const columns = Object.keys(values);
  db.prepare(
    `INSERT INTO outbox (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(values);
}

export interface StoreFixture {
  pki: TestPki;
  dataDir: string;
  verifier: ReceiptVerifier;
  open(options?: Partial<OutboxOptions>): Promise<{ outbox: Outbox; report: RecoveryReport }>;
  seal(options?: SampleOptions): Promise<SealedDossier>;
  receiptFor(entry: { dossierId: string; stationId: string; ciphertextSha256: string }): Promise<string>;
  cleanup(): void;
}

/** A temp data dir, test keys, and a receipt verifier bound to the test central key. */
export async function storeFixture(): Promise<StoreFixture> {
  const pki = await testPki();
  const { dir, cleanup } = tempDir();
  const verifier: ReceiptVerifier = async (jws, subject) => verifyReceipt(jws, pki.recipient, subject);
  return {
    pki,
    dataDir: dir,
    verifier,
    open: (options = {}) =>
      Outbox.open({
        dataDir: dir,
        verifyReceipt: verifier,
        freeSpace: async () => 100 * 2 ** 30,
        ...options,
      }),
    seal: (options = {}) =>
      sealDossier(sampleDossier({ imageBytes: 16 * 1024, ...options }), pki.station, pki.recipient),
    receiptFor: (entry) =>
      signReceipt(
        { dossierId: entry.dossierId, stationId: entry.stationId, ciphertextSha256: entry.ciphertextSha256 },
        pki.central,
      ),
    cleanup: () => {
      pki.cleanup();
      cleanup();
    },
  };
}

/** Every regular file under `dir`, recursively. */
export function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? allFiles(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}

/** Another process that takes the syncer lock of `dir` and keeps it until killed. */
export async function spawnSyncerLockHolder(dir: string): Promise<ChildProcess> {
  const moduleUrl = pathToFileURL(join(import.meta.dirname, 'syncer-lock.ts')).href;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { acquireSyncerLock } = await import(${JSON.stringify(moduleUrl)});
       acquireSyncerLock(${JSON.stringify(dir)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited (${code})`)));
  });
  return child;
}

/**
 * Startup integrity check and recovery of the outbox data directory.
 *
 *  1. Orphan temp files (writes that never reached their rename) are removed: nothing refers to them.
 *  2. The database is opened, checked (`PRAGMA integrity_check`, foreign keys) and migrated. If it
 *     is corrupt or not a database, its files (db, -wal, -shm) are moved aside to corrupt/<time>/
 *     (kept for support, never deleted) and a fresh database is rebuilt from the files.
 *  3. Rows and files are reconciled:
 *     - a blob without a row is adopted (after checking its header and ciphertext hash): queued,
 *       or acknowledged if a receipt file for it verifies;
 *     - a receipt file without row or blob becomes a purged row (delivery history);
 *     - a queued/uploading row whose receipt file verifies is acknowledged (crash after the receipt
 *       file, before the row update);
 *     - an uploading row is requeued (the upload was interrupted; the central system deduplicates
 *       by dossier id);
 *     - an acknowledged row without blob is marked purged; a purged row's leftover blob is deleted;
 *     - a queued/parked row without blob (should never happen) is parked with cause
 *       "blob-missing" and reported, never silently dropped;
 *     - unreadable blob or receipt files are moved to corrupt/ and reported.
 *
 * What a rebuild recovers: every queued dossier (its ciphertext, metadata and signed dispatch live
 * in its blob file) and every acknowledged or purged one that has a receipt file. What it loses:
 * attempt counts, last errors, next-attempt times and parked states (rebuilt dossiers are queued
 * and due now; a poison dossier will be parked again by the engine) and the event journal.
 */

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath } from './atomic-file';
import { BlobFormatError, type BlobHeader, type BlobMetadata, readBlobHeader } from './blob-file';
import { type Db, integrityProblems, openDatabase } from './database';
import { BLOB_SUFFIX, isTempFile, type Layout, RECEIPT_SUFFIX } from './layout';
import { migrate } from './migrate';
import { type ReceiptFile, readReceiptFile } from './receipt-file';
import type { ReceiptVerifier } from './receipt-verifier';
import { INSERT_ROW, type NewRow, type OutboxRow } from './rows';

export interface RecoveryReport {
  database: 'ok' | 'created' | 'rebuilt';
  /** Where the corrupt database files were moved. */
  movedAside?: string;
  /** integrity_check output or the error that made the database unusable. */
  problems: string[];
  removedTempFiles: string[];
  /** Dossiers inserted from blob files that had no row. */
  adopted: string[];
  /** Dossiers restored as acknowledged or purged from receipt files. */
  restoredReceipts: string[];
  interruptedUploads: string[];
  /** Queued/parked rows whose blob file is gone: parked with cause "blob-missing". */
  missingBlobs: string[];
  /** Files that could not be read, moved to corrupt/. */
  quarantined: string[];
}

interface RecoveryOptions {
  verifyReceipt: ReceiptVerifier;
  retentionMs: number;
  now: () => number;
  /**
   * Another live process holds the syncer lock (syncer-lock.ts): it ran the recovery when it
   * started and its uploads and writes are in progress, so only open and check the database
   * (no temp-file sweep, no reconciliation: they would requeue its uploads or adopt its blobs).
   */
  shared?: boolean;
}

const CORRUPTION_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_INDEX',
  'SQLITE_CORRUPT_SEQUENCE',
]);

const syncDir = (dir: string) => fsyncPath(dir, 'r');

async function removeTempFiles(dirs: string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of dirs) {
    for (const name of await fs.readdir(dir)) {
      if (!isTempFile(name)) continue;
      await fs.rm(join(dir, name), { force: true });
      removed.push(join(dir, name));
    }
    if (removed.length > 0) await syncDir(dir);
  }
  return removed;
}

function openChecked(path: string): { db?: Db; problems: string[] } {
  let db: Db | undefined;
  try {
    db = openDatabase(path);
    const problems = integrityProblems(db);
    if (problems.length > 0) {
      db.close();
      return { problems };
    }
    migrate(db, undefined, { backupPath: (from, to) => `${path}.pre-v${to}-from-v${from}.bak` });
    return { db, problems: [] };
  } catch (error) {
    if (db?.open) db.close();
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && CORRUPTION_CODES.has(code))
      return { problems: [`${code}: ${(error as Error).message}`] };
    throw error; // not corruption (newer schema, permissions, disk full...): do not touch the files
  }
}

async function moveDatabaseAside(layout: Layout, now: number): Promise<string> {
  const target = join(layout.corrupt, new Date(now).toISOString().replace(/[:.]/g, '-'));
  await fs.mkdir(target, { recursive: true, mode: 0o700 });
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = `${layout.database}${suffix}`;
    if (existsSync(file)) await fs.rename(file, join(target, `outbox.sqlite${suffix}`));
  }
  await syncDir(target);
  await syncDir(layout.dataDir);
  return target;
}

async function quarantine(layout: Layout, path: string, name: string): Promise<void> {
  const dir = join(layout.corrupt, 'files');
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.rename(path, join(dir, name));
}

async function hashRange(path: string, start: number, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size === 0) return hash.digest('hex');
  for await (const chunk of createReadStream(path, { start, end: start + size - 1 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function verifiedReceipt(
  path: string,
  dossierId: string,
  verify: ReceiptVerifier,
): Promise<ReceiptFile | undefined | 'corrupt'> {
  if (!existsSync(path)) return undefined;
  try {
    const file = await readReceiptFile(path);
    if (file.metadata.dossierId !== dossierId) return 'corrupt';
    await verify(file.receipt, file.metadata);
    return file;
  } catch {
    return 'corrupt';
  }
}

export async function openAndRecover(
  layout: Layout,
  options: RecoveryOptions,
): Promise<{ db: Db; report: RecoveryReport }> {
  for (const dir of [layout.dataDir, layout.blobs, layout.receipts])
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const now = options.now();
  const report: RecoveryReport = {
    database: existsSync(layout.database) ? 'ok' : 'created',
    problems: [],
    removedTempFiles: options.shared
      ? []
      : await removeTempFiles([layout.dataDir, layout.blobs, layout.receipts]),
    adopted: [],
    restoredReceipts: [],
    interruptedUploads: [],
    missingBlobs: [],
    quarantined: [],
  };

  let { db, problems } = openChecked(layout.database);
  if (!db) {
    report.problems = problems;
    report.database = 'rebuilt';
    report.movedAside = await moveDatabaseAside(layout, now);
    ({ db } = openChecked(layout.database));
    if (!db) throw new Error('could not create a fresh outbox database');
  }
  try {
    if (!options.shared) await reconcile(db, layout, options, report, now);
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, report };
}

/** What a reconciliation will write, gathered first and applied in one transaction. */
interface Plan {
  layout: Layout;
  options: RecoveryOptions;
  report: RecoveryReport;
  now: number;
  inserts: NewRow[];
  updates: { sql: string; params: Record<string, unknown> }[];
  deleteBlobs: string[];
}

const PURGE_ROW = `UPDATE outbox SET state = 'purged', blob_file = NULL, purged_at = @now, updated_at = @now WHERE dossier_id = @id`;
const ACKNOWLEDGE_ROW = `UPDATE outbox SET state = 'acknowledged', receipt = @receipt, received_at = @received, acknowledged_at = @ackAt,
             purge_after = @purgeAfter, updated_at = @now WHERE dossier_id = @id`;
const PARK_BLOB_MISSING = `UPDATE outbox SET state = 'parked', park_cause = 'blob-missing', last_error = 'ciphertext file missing at startup',
             last_error_cause = 'blob-missing', updated_at = @now WHERE dossier_id = @id`;
const REQUEUE_INTERRUPTED = `UPDATE outbox SET state = 'queued', last_error = 'upload interrupted by a restart', last_error_cause = 'interrupted',
           next_attempt_at = @now, updated_at = @now WHERE dossier_id = @id`;

const update = (plan: Plan, sql: string, params: Record<string, unknown>) =>
  plan.updates.push({ sql, params: { ...params, now: plan.now } });

async function reconcile(
  db: Db,
  layout: Layout,
  options: RecoveryOptions,
  report: RecoveryReport,
  now: number,
) {
  const rows = new Map(
    (db.prepare('SELECT * FROM outbox').all() as OutboxRow[]).map((row) => [row.dossier_id, row] as const),
  );
  const blobNames = new Set((await fs.readdir(layout.blobs)).filter((name) => name.endsWith(BLOB_SUFFIX)));
  const receiptNames = (await fs.readdir(layout.receipts)).filter((name) => name.endsWith(RECEIPT_SUFFIX));
  const plan: Plan = { layout, options, report, now, inserts: [], updates: [], deleteBlobs: [] };
  // Rows against their files; each row takes its blob out of `blobNames`, which keeps the orphans.
  for (const row of rows.values()) await reconcileRow(plan, row, blobNames);
  const adopted = await adoptBlobs(plan, blobNames);
  await restoreReceipts(plan, receiptNames, (id) => rows.has(id) || adopted.has(id));
  await applyPlan(db, plan);
}

/** One row against its blob and receipt files (see the module doc for each case). */
async function reconcileRow(plan: Plan, row: OutboxRow, blobNames: Set<string>): Promise<void> {
  const { layout, report } = plan;
  const id = row.dossier_id;
  if (row.state === 'purged') {
    const leftover = `${id}${BLOB_SUFFIX}`;
    if (blobNames.has(leftover)) plan.deleteBlobs.push(leftover);
    blobNames.delete(leftover);
    return;
  }
  const hasBlob = row.blob_file !== null && blobNames.has(row.blob_file);
  if (row.blob_file) blobNames.delete(row.blob_file);
  if (row.state === 'queued' || row.state === 'uploading') {
    const receiptPath = join(layout.receipts, `${id}${RECEIPT_SUFFIX}`);
    const receipt = await verifiedReceipt(receiptPath, id, plan.options.verifyReceipt);
    if (receipt && receipt !== 'corrupt') {
      report.restoredReceipts.push(id);
      update(plan, ACKNOWLEDGE_ROW, {
        id,
        receipt: receipt.receipt,
        received: receipt.receivedAt,
        ackAt: receipt.acknowledgedAt,
        purgeAfter: receipt.acknowledgedAt + plan.options.retentionMs,
      });
      if (!hasBlob) update(plan, PURGE_ROW, { id });
      return;
    }
  }
  if (!hasBlob) {
    if (row.state === 'acknowledged') update(plan, PURGE_ROW, { id });
    else {
      report.missingBlobs.push(id);
      update(plan, PARK_BLOB_MISSING, { id });
    }
    return;
  }
  if (row.state === 'uploading') {
    report.interruptedUploads.push(id);
    update(plan, REQUEUE_INTERRUPTED, { id });
  }
}

/** The header of a blob file whose name and ciphertext hash match it; throws otherwise. */
async function checkedBlobHeader(path: string, name: string): Promise<BlobHeader> {
  const header = await readBlobHeader(path);
  if (`${header.metadata.dossierId}${BLOB_SUFFIX}` !== name)
    throw new BlobFormatError('name does not match its id');
  if (
    (await hashRange(path, header.offset, header.metadata.ciphertextSize)) !==
    header.metadata.ciphertextSha256
  )
    throw new BlobFormatError('ciphertext hash mismatch');
  return header;
}

/** Blob files without a row: adopted, queued or (with a receipt file that verifies) acknowledged. */
async function adoptBlobs(plan: Plan, blobNames: Iterable<string>): Promise<Set<string>> {
  const { layout, report, options } = plan;
  const adoptedIds = new Set<string>();
  for (const name of blobNames) {
    const path = join(layout.blobs, name);
    let header: BlobHeader;
    try {
      header = await checkedBlobHeader(path, name);
    } catch {
      await quarantine(layout, path, name);
      report.quarantined.push(path);
      continue;
    }
    const { metadata } = header;
    const receipt = await verifiedReceipt(
      join(layout.receipts, `${metadata.dossierId}${RECEIPT_SUFFIX}`),
      metadata.dossierId,
      options.verifyReceipt,
    );
    const acknowledged = receipt !== undefined && receipt !== 'corrupt' ? receipt : undefined;
    plan.inserts.push({
      ...rowFrom(plan, metadata, acknowledged),
      state: acknowledged ? 'acknowledged' : 'queued',
      blob_file: name,
      ciphertext_offset: header.offset,
      purged_at: null,
    });
    adoptedIds.add(metadata.dossierId);
    report.adopted.push(metadata.dossierId);
    if (acknowledged) report.restoredReceipts.push(metadata.dossierId);
  }
  return adoptedIds;
}

/** Receipt files with neither row nor blob: the dossier was delivered and purged (its history). */
async function restoreReceipts(
  plan: Plan,
  receiptNames: string[],
  known: (id: string) => boolean,
): Promise<void> {
  const { layout, report } = plan;
  for (const name of receiptNames) {
    const id = name.slice(0, -RECEIPT_SUFFIX.length);
    if (known(id)) continue;
    const path = join(layout.receipts, name);
    const receipt = await verifiedReceipt(path, id, plan.options.verifyReceipt);
    if (receipt === undefined) continue;
    if (receipt === 'corrupt') {
      await quarantine(layout, path, name);
      report.quarantined.push(path);
      continue;
    }
    plan.inserts.push({
      ...rowFrom(plan, receipt.metadata, receipt),
      dossier_id: id,
      state: 'purged',
      blob_file: null,
      ciphertext_offset: 1,
      purged_at: plan.now,
    });
    report.restoredReceipts.push(id);
  }
}

/** The columns a rebuilt row takes from its blob metadata and, when acknowledged, its receipt. */
function rowFrom(
  plan: Plan,
  metadata: BlobMetadata,
  receipt: ReceiptFile | undefined,
): Omit<NewRow, 'state' | 'blob_file' | 'ciphertext_offset' | 'purged_at'> {
  return {
    dossier_id: metadata.dossierId,
    station_id: metadata.stationId,
    kind: metadata.kind,
    ciphertext_size: metadata.ciphertextSize,
    ciphertext_sha256: metadata.ciphertextSha256,
    dispatch: metadata.dispatch,
    attempts: 0,
    next_attempt_at: plan.now,
    park_cause: null,
    receipt: receipt?.receipt ?? null,
    received_at: receipt?.receivedAt ?? null,
    acknowledged_at: receipt?.acknowledgedAt ?? null,
    purge_after: receipt ? receipt.acknowledgedAt + plan.options.retentionMs : null,
    enqueued_at: metadata.enqueuedAt,
    updated_at: plan.now,
  };
}

/** Writes the rows in one transaction, then deletes the leftover blobs of purged rows. */
async function applyPlan(db: Db, plan: Plan): Promise<void> {
  db.transaction(() => {
    const insert = db.prepare(INSERT_ROW);
    for (const row of plan.inserts) insert.run(row);
    for (const { sql, params } of plan.updates) db.prepare(sql).run(params);
  }).immediate();
  for (const name of plan.deleteBlobs) await fs.rm(join(plan.layout.blobs, name), { force: true });
  if (plan.deleteBlobs.length > 0) await syncDir(plan.layout.blobs);
}

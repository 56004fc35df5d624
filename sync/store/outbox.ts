/**
 * The outbox repository: durable queue of sealed dossiers and their delivery state.
 *
 * Blob storage: each ciphertext is a file (blob-file.ts) written atomically (temp file, fsync,
 * rename, directory fsync) BEFORE its row is committed; the database holds only state. Why not
 * BLOBs in SQLite: a 3-4 MB ciphertext would be written twice (WAL, then checkpoint into the main
 * file, the checkpoint landing inside some later commit and blowing the 50 ms enqueue budget), the
 * WAL would swell to the blob size, and purging would leave free pages until a VACUUM. As files,
 * one sequential write + fsync (~10 ms here) makes a dossier durable, purge is an unlink that gives
 * the space back at once (which matters for the free-space guard), the database stays tiny (fast
 * integrity_check), and the files carry their own metadata so a lost database can be rebuilt.
 *
 * Crash windows: a temp file without rename is removed at startup; a renamed blob without a row is
 * adopted at startup (it was complete and fsynced); a row never exists without its blob. The
 * receipt is written to its own file before the row says `acknowledged`, and the blob is deleted
 * only after the row says `purged`, so every window resolves at startup without losing anything.
 */

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { SealedDossier } from '../crypto/seal';
import { type FileOps, realFileOps, removeDurably, writeFileAtomic } from './atomic-file';
import { backlogOf, type OutboxBacklog } from './backlog';
import { encodeBlob } from './blob-file';
import type { Db } from './database';
import {
  assertRoomFor,
  DEFAULT_MIN_FREE_BYTES,
  diskFullDuringWrite,
  type FreeSpaceProbe,
  isNoSpaceError,
  statfsProbe,
} from './disk-space';
import { Inbox } from './inbox';
import { blobFileName, type Layout, layoutOf, receiptFileName } from './layout';
import { encodeReceiptFile } from './receipt-file';
import type { ReceiptVerifier } from './receipt-verifier';
import { openAndRecover, type RecoveryReport } from './recovery';
import { INSERT_ROW, type OutboxEntry, type OutboxRow, toEntry } from './rows';
import { assertSealed } from './sealed-input';
import { canTransition, IllegalTransitionError, type OutboxState } from './states';
import { acquireSyncerLock, type SyncerLock, tryAcquireSyncerLock } from './syncer-lock';

export type QueueCounts = Record<'queued' | 'uploading' | 'acknowledged' | 'parked', number>;

export interface OutboxOptions {
  dataDir: string;
  verifyReceipt: ReceiptVerifier;
  /** How long ciphertext is kept after a verified receipt (default 7 days). */
  retentionMs?: number;
  /** Free space to keep on the data volume after writing a dossier (default 512 MiB). */
  minFreeBytes?: number;
  freeSpace?: FreeSpaceProbe;
  fileOps?: FileOps;
  now?: () => number;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

export class DuplicateDossierError extends Error {
  constructor(readonly dossierId: string) {
    super(`dossier ${dossierId} is already queued with a different ciphertext`);
    this.name = 'DuplicateDossierError';
  }
}

export class UnknownDossierError extends Error {
  constructor(readonly dossierId: string) {
    super(`dossier ${dossierId} is not in the outbox`);
    this.name = 'UnknownDossierError';
  }
}

export class BlobIntegrityError extends Error {
  constructor(
    readonly dossierId: string,
    message: string,
  ) {
    super(`dossier ${dossierId}: ${message}`);
    this.name = 'BlobIntegrityError';
  }
}

export class Outbox {
  private readonly inFlight = new Set<string>();
  private readonly retentionMs: number;
  private readonly minFreeBytes: number;
  private readonly freeSpace: FreeSpaceProbe;
  private readonly fileOps: FileOps;
  private readonly now: () => number;

  private constructor(
    private readonly db: Db,
    readonly layout: Layout,
    private readonly options: OutboxOptions,
  ) {
    this.retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.minFreeBytes = options.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
    this.freeSpace = options.freeSpace ?? statfsProbe;
    this.fileOps = options.fileOps ?? realFileOps;
    this.now = options.now ?? Date.now;
  }

  /**
   * Opens the outbox, running the startup integrity check and recovery first, under the syncer
   * lock (syncer-lock.ts). When another live process holds that lock (the sync host while the
   * CLI runs, or the reverse), the outbox opens without the recovery, which would requeue that
   * process's uploads and adopt the blobs it is writing.
   */
  static async open(options: OutboxOptions): Promise<{ outbox: Outbox; report: RecoveryReport }> {
    const layout = layoutOf(options.dataDir);
    await fs.mkdir(layout.dataDir, { recursive: true, mode: 0o700 });
    const { lock } = tryAcquireSyncerLock(layout.dataDir);
    try {
      const { db, report } = await openAndRecover(layout, {
        verifyReceipt: options.verifyReceipt,
        retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
        now: options.now ?? Date.now,
        shared: !lock,
      });
      return { outbox: new Outbox(db, layout, options), report };
    } finally {
      lock?.release();
    }
  }

  /** The central -> station messages and the view they build, in the same database. */
  get inbox(): Inbox {
    return new Inbox(this.db);
  }

  /**
   * Takes the syncer lock: only its holder may claim dossiers. Throws SyncerBusyError (French
   * and English message) when another live process holds it. On success, `uploading` dossiers
   * left by a syncer that died meanwhile are requeued (they cannot be anybody's upload now).
   */
  lockSyncer(): SyncerLock {
    const lock = acquireSyncerLock(this.layout.dataDir);
    try {
      this.requeueInterrupted();
    } catch (error) {
      lock.release();
      throw error;
    }
    return lock;
  }

  /** uploading -> queued for every dossier (call only while holding the syncer lock). */
  private requeueInterrupted(): string[] {
    const rows = this.db.prepare("SELECT dossier_id FROM outbox WHERE state = 'uploading'").all() as {
      dossier_id: string;
    }[];
    if (rows.length === 0) return [];
    const at = this.now();
    this.transaction(() => {
      for (const { dossier_id } of rows)
        this.move(
          dossier_id,
          'queued',
          {
            last_error: 'upload interrupted (its sync process stopped)',
            last_error_cause: 'interrupted',
            next_attempt_at: at,
          },
          at,
          ['uploading'],
        );
    });
    return rows.map((row) => row.dossier_id);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Durably queues a sealed dossier. Idempotent for the same dossier and ciphertext. Throws
   * DiskSpaceError (French message) when the disk is too full, leaving the queue unchanged.
   */
  async enqueue(sealed: SealedDossier): Promise<OutboxEntry> {
    assertSealed(sealed);
    const existing = this.row(sealed.dossierId);
    if (existing) {
      if (existing.ciphertext_sha256 === sealed.ciphertextSha256) return this.entry(existing);
      throw new DuplicateDossierError(sealed.dossierId);
    }
    if (this.inFlight.has(sealed.dossierId)) throw new DuplicateDossierError(sealed.dossierId);
    this.inFlight.add(sealed.dossierId);
    try {
      const at = this.now();
      const metadata = {
        dossierId: sealed.dossierId,
        stationId: sealed.stationId,
        kind: sealed.kind,
        ciphertextSha256: sealed.ciphertextSha256,
        ciphertextSize: sealed.ciphertext.length,
        dispatch: sealed.dispatch,
        enqueuedAt: at,
      };
      const { chunks, offset } = encodeBlob(metadata, sealed.ciphertext);
      await assertRoomFor(
        this.layout.blobs,
        offset + sealed.ciphertext.length,
        this.minFreeBytes,
        this.freeSpace,
      );
      const name = blobFileName(sealed.dossierId);
      try {
        await writeFileAtomic(this.layout.blobs, name, chunks, this.fileOps);
      } catch (error) {
        await fs.rm(join(this.layout.blobs, name), { force: true });
        throw isNoSpaceError(error) ? diskFullDuringWrite(error) : error;
      }
      try {
        this.db.prepare(INSERT_ROW).run({
          dossier_id: sealed.dossierId,
          station_id: sealed.stationId,
          kind: sealed.kind,
          state: 'queued',
          blob_file: name,
          ciphertext_offset: offset,
          ciphertext_size: sealed.ciphertext.length,
          ciphertext_sha256: sealed.ciphertextSha256,
          dispatch: sealed.dispatch,
          attempts: 0,
          next_attempt_at: at,
          park_cause: null,
          receipt: null,
          received_at: null,
          acknowledged_at: null,
          purge_after: null,
          purged_at: null,
          enqueued_at: at,
          updated_at: at,
        });
      } catch (error) {
        // Nobody references the blob yet: take it back so the queue is exactly as before.
        await removeDurably(this.layout.blobs, name, this.fileOps).catch(() => undefined);
        throw isNoSpaceError(error) ? diskFullDuringWrite(error) : error;
      }
      return this.get(sealed.dossierId);
    } finally {
      this.inFlight.delete(sealed.dossierId);
    }
  }

  get(dossierId: string): OutboxEntry {
    const row = this.row(dossierId);
    if (!row) throw new UnknownDossierError(dossierId);
    return this.entry(row);
  }

  find(dossierId: string): OutboxEntry | undefined {
    const row = this.row(dossierId);
    return row ? this.entry(row) : undefined;
  }

  list(filter: { state?: OutboxState; limit?: number } = {}): OutboxEntry[] {
    const rows = filter.state
      ? this.db
          .prepare('SELECT * FROM outbox WHERE state = ? ORDER BY dossier_id LIMIT ?')
          .all(filter.state, filter.limit ?? -1)
      : this.db.prepare('SELECT * FROM outbox ORDER BY dossier_id LIMIT ?').all(filter.limit ?? -1);
    return (rows as OutboxRow[]).map((row) => this.entry(row));
  }

  counts(): QueueCounts {
    const counts: QueueCounts = { queued: 0, uploading: 0, acknowledged: 0, parked: 0 };
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as {
      state: OutboxState;
      n: number;
    }[];
    for (const { state, n } of rows) if (state !== 'purged') counts[state] = n;
    return counts;
  }

  /** Unsent and parked dossiers, with the age of the oldest (health checks). */
  backlog(): OutboxBacklog {
    return backlogOf(this.db);
  }

  /** State journal of one dossier (migration 0002). */
  events(
    dossierId: string,
  ): { from: OutboxState | null; to: OutboxState; at: number; detail: string | null }[] {
    return this.db
      .prepare(
        'SELECT from_state AS "from", to_state AS "to", at, detail FROM outbox_events WHERE dossier_id = ? ORDER BY seq',
      )
      .all(dossierId) as { from: OutboxState | null; to: OutboxState; at: number; detail: string | null }[];
  }

  /** The next due dossier, moved to `uploading` with its attempt counted; undefined if none is due. */
  claimNext(now = this.now()): OutboxEntry | undefined {
    return this.db
      .transaction(() => {
        const row = this.db
          .prepare(
            "SELECT dossier_id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, dossier_id LIMIT 1",
          )
          .get(now) as { dossier_id: string } | undefined;
        if (!row) return undefined;
        this.move(row.dossier_id, 'uploading', { attempts: 'attempts + 1' }, now);
        return this.get(row.dossier_id);
      })
      .immediate();
  }

  /** Earliest next-attempt time among queued dossiers (undefined when none is queued). */
  nextAttemptAt(): number | undefined {
    const row = this.db
      .prepare("SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'queued'")
      .get() as { at: number | null };
    return row.at ?? undefined;
  }

  /** Makes every queued dossier due now (an operator's "synchroniser maintenant"); returns how many moved. */
  makeDue(now = this.now()): number {
    return this.db
      .prepare("UPDATE outbox SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?")
      .run(now, now).changes;
  }

  /** queued -> uploading for a given dossier (e.g. an operator's "send now"). */
  startUpload(dossierId: string): OutboxEntry {
    this.transaction(() => this.move(dossierId, 'uploading', { attempts: 'attempts + 1' }));
    return this.get(dossierId);
  }

  /** uploading -> queued after a retryable failure. */
  recordFailure(dossierId: string, failure: { error: string; cause: string; retryAt: number }): OutboxEntry {
    this.transaction(() =>
      this.move(
        dossierId,
        'queued',
        { last_error: failure.error, last_error_cause: failure.cause, next_attempt_at: failure.retryAt },
        this.now(),
        ['uploading'],
      ),
    );
    return this.get(dossierId);
  }

  /** queued|uploading -> parked: a poison dossier that needs a person. */
  park(dossierId: string, cause: string, error?: string): OutboxEntry {
    this.transaction(() =>
      this.move(dossierId, 'parked', {
        park_cause: cause,
        ...(error === undefined ? {} : { last_error: error, last_error_cause: cause }),
      }),
    );
    return this.get(dossierId);
  }

  /** parked -> queued, due now (explicit operator decision). */
  requeue(dossierId: string): OutboxEntry {
    this.transaction(() =>
      this.move(
        dossierId,
        'queued',
        { park_cause: null, last_error_cause: 'requeued', next_attempt_at: this.now() },
        this.now(),
        ['parked'],
      ),
    );
    return this.get(dossierId);
  }

  /**
   * uploading -> acknowledged, once the central receipt verifies for this dossier and ciphertext.
   * The receipt is made durable in its own file first (see recovery.ts).
   */
  async acknowledge(dossierId: string, receiptJws: string): Promise<OutboxEntry> {
    const row = this.row(dossierId);
    if (!row) throw new UnknownDossierError(dossierId);
    if (!canTransition(row.state, 'acknowledged'))
      throw new IllegalTransitionError(dossierId, row.state, 'acknowledged');
    const subject = { dossierId, stationId: row.station_id, ciphertextSha256: row.ciphertext_sha256 };
    const { receivedAt } = await this.options.verifyReceipt(receiptJws, subject);
    const at = this.now();
    await writeFileAtomic(
      this.layout.receipts,
      receiptFileName(dossierId),
      [
        encodeReceiptFile({
          v: 1,
          metadata: {
            dossierId,
            stationId: row.station_id,
            kind: row.kind,
            ciphertextSha256: row.ciphertext_sha256,
            ciphertextSize: row.ciphertext_size,
            dispatch: row.dispatch,
            enqueuedAt: row.enqueued_at,
          },
          receipt: receiptJws,
          receivedAt,
          acknowledgedAt: at,
        }),
      ],
      this.fileOps,
    );
    this.transaction(() =>
      this.move(
        dossierId,
        'acknowledged',
        {
          receipt: receiptJws,
          received_at: receivedAt,
          acknowledged_at: at,
          purge_after: at + this.retentionMs,
        },
        at,
      ),
    );
    return this.get(dossierId);
  }

  /** Deletes the ciphertext of acknowledged dossiers whose retention has expired; returns their ids. */
  async purgeDue(now = this.now()): Promise<string[]> {
    const due = this.db
      .prepare(
        "SELECT dossier_id, blob_file FROM outbox WHERE state = 'acknowledged' AND purge_after <= ? ORDER BY dossier_id",
      )
      .all(now) as { dossier_id: string; blob_file: string }[];
    if (due.length === 0) return [];
    this.transaction(() => {
      for (const { dossier_id } of due)
        this.move(dossier_id, 'purged', { blob_file: null, purged_at: now }, now);
    });
    for (const { blob_file } of due) await fs.rm(join(this.layout.blobs, blob_file), { force: true });
    await this.fileOps.syncDir(this.layout.blobs);
    return due.map((row) => row.dossier_id);
  }

  /**
   * The ciphertext of a queued dossier, checked against its SHA-256. `into` lends the buffer to
   * read into (at least `size` bytes, e.g. from a pool: a fresh 3 MB buffer costs more than the
   * read); the result is then a view of it.
   */
  async readCiphertext(dossierId: string, into?: (size: number) => Buffer): Promise<Buffer> {
    const entry = this.get(dossierId);
    if (!entry.blob) throw new BlobIntegrityError(dossierId, 'ciphertext already purged');
    const handle = await fs.open(entry.blob.path, 'r');
    try {
      const buffer = (into?.(entry.blob.size) ?? Buffer.allocUnsafe(entry.blob.size)).subarray(
        0,
        entry.blob.size,
      );
      const { bytesRead } = await handle.read(buffer, 0, entry.blob.size, entry.blob.offset);
      if (bytesRead !== entry.blob.size) throw new BlobIntegrityError(dossierId, 'blob file is truncated');
      if (createHash('sha256').update(buffer).digest('hex') !== entry.ciphertextSha256) {
        throw new BlobIntegrityError(dossierId, 'blob does not match its SHA-256');
      }
      return buffer;
    } finally {
      await handle.close();
    }
  }

  private row(dossierId: string): OutboxRow | undefined {
    return this.db.prepare('SELECT * FROM outbox WHERE dossier_id = ?').get(dossierId) as
      | OutboxRow
      | undefined;
  }

  private entry(row: OutboxRow): OutboxEntry {
    return toEntry(row, this.layout.blobs);
  }

  private transaction(fn: () => void): void {
    this.db.transaction(fn).immediate();
  }

  /**
   * Compare-and-set state change: fails with IllegalTransitionError unless the current state may
   * move to `to` (and is in `onlyFrom` when given). `set` values are bound parameters, except `attempts` (an SQL expression).
   */
  private move(
    dossierId: string,
    to: OutboxState,
    set: Record<string, string | number | null> = {},
    at = this.now(),
    onlyFrom?: readonly OutboxState[],
  ): void {
    const current = this.row(dossierId);
    if (!current) throw new UnknownDossierError(dossierId);
    if (!canTransition(current.state, to) || (onlyFrom && !onlyFrom.includes(current.state))) {
      throw new IllegalTransitionError(dossierId, current.state, to);
    }
    const { attempts, ...values } = set;
    const assignments = [
      'state = @to',
      'updated_at = @at',
      ...Object.keys(values).map((column) => `${column} = @${column}`),
    ];
    if (attempts !== undefined) assignments.push('attempts = attempts + 1');
    const result = this.db
      .prepare(`UPDATE outbox SET ${assignments.join(', ')} WHERE dossier_id = @id AND state = @from`)
      .run({ ...values, to, at, id: dossierId, from: current.state });
    if (result.changes !== 1) throw new IllegalTransitionError(dossierId, current.state, to);
  }
}

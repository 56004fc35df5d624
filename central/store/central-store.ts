/**
 * The reference central server's store: sealed dossiers as files under `dossiers/` (moved there
 * from the upload area, fsynced, directory fsynced) and one SQLite row per distinct dossier id,
 * committed after the file is durable. `deliveries` journals every completed delivery (stored or
 * duplicate) so tests can show that duplicates were answered, not stored twice. A dossier's row
 * commits with its first status, `received` (dossier-lifecycle.ts).
 * It lives under sync/store because better-sqlite3 may only be imported there.
 *
 * Crash windows: a file moved into `dossiers/` whose row never committed is an orphan that the
 * next delivery of that dossier overwrites (the station still holds it and will resend); a row
 * never exists without its file.
 */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fsyncPath } from '../../sync/store/atomic-file';
import { type Db, openDatabase } from '../../sync/store/database';
import { migrate } from '../../sync/store/migrate';
import { messagesAfter } from './central-messages';
import { CounterServicesStore } from './counter-services';
import { DossierLifecycle } from './dossier-lifecycle';
import { EphotoStore } from './ephoto';
import { CENTRAL_MIGRATIONS } from './migrations';

export interface StoredDossier {
  dossierId: string;
  stationId: string;
  kind: 'application' | 'certification';
  ciphertextSha256: string;
  ciphertextSize: number;
  ciphertextFile: string;
  manifest: string;
  attestation: string;
  receipt: string;
  receivedAt: string;
  storedAt: number;
}

interface Row {
  dossier_id: string;
  station_id: string;
  kind: 'application' | 'certification';
  ciphertext_sha256: string;
  ciphertext_size: number;
  ciphertext_file: string;
  manifest: string;
  attestation: string;
  receipt: string;
  received_at: string;
  stored_at: number;
}

const toStored = (row: Row): StoredDossier => ({
  dossierId: row.dossier_id,
  stationId: row.station_id,
  kind: row.kind,
  ciphertextSha256: row.ciphertext_sha256,
  ciphertextSize: row.ciphertext_size,
  ciphertextFile: row.ciphertext_file,
  manifest: row.manifest,
  attestation: row.attestation,
  receipt: row.receipt,
  receivedAt: row.received_at,
  storedAt: row.stored_at,
});

const DATABASE = 'central.sqlite';

export class CentralStore {
  readonly dossiersDir: string;

  private constructor(
    private readonly db: Db,
    readonly dataDir: string,
  ) {
    this.dossiersDir = join(dataDir, 'dossiers');
  }

  static async open(dataDir: string): Promise<CentralStore> {
    await fs.mkdir(join(dataDir, 'dossiers'), { recursive: true, mode: 0o700 });
    const db = openDatabase(join(dataDir, DATABASE));
    try {
      migrate(db, CENTRAL_MIGRATIONS, {
        backupPath: (from, to) => join(dataDir, `${DATABASE}.pre-v${to}-from-v${from}.bak`),
      });
    } catch (error) {
      db.close();
      throw error;
    }
    return new CentralStore(db, dataDir);
  }

  /** Distinct dossiers stored, read without opening for writing (for `central count`). */
  static countIn(dataDir: string): number {
    const path = join(dataDir, DATABASE);
    if (!existsSync(path)) return 0;
    const db = openDatabase(path, { readonly: true });
    try {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dossiers'").get();
      if (!has) return 0;
      return (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The simulated counter services (pre-applications, appointments, tax stamps) in the same database. */
  get counter(): CounterServicesStore {
    return new CounterServicesStore(this.db);
  }

  /** Each dossier's status and history after its receipt, and the complements asked for. */
  get lifecycle(): DossierLifecycle {
    return new DossierLifecycle(this.db);
  }

  /** The station's central -> station messages after `after` (claims, to be signed when served). */
  messagesFor(stationId: string, after: number, limit: number): ReturnType<typeof messagesAfter> {
    return messagesAfter(this.db, stationId, after, limit);
  }

  /** The simulated e-photo provider's records, in the same database. */
  get ephoto(): EphotoStore {
    return new EphotoStore(this.db);
  }

  find(dossierId: string): StoredDossier | undefined {
    const row = this.db.prepare('SELECT * FROM dossiers WHERE dossier_id = ?').get(dossierId) as
      | Row
      | undefined;
    return row ? toStored(row) : undefined;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
  }

  /** Every completed delivery, in order (for tests and audits). */
  deliveries(): { dossierId: string; outcome: 'stored' | 'duplicate'; at: number }[] {
    return this.db
      .prepare('SELECT dossier_id AS dossierId, outcome, at FROM deliveries ORDER BY seq')
      .all() as { dossierId: string; outcome: 'stored' | 'duplicate'; at: number }[];
  }

  recordDuplicate(dossierId: string, at = Date.now()): void {
    this.db
      .prepare("INSERT INTO deliveries (dossier_id, outcome, at) VALUES (?, 'duplicate', ?)")
      .run(dossierId, at);
  }

  /**
   * Flushes a file's bytes to disk. finalize.ts starts it as soon as an upload is complete, so
   * the disk works while the bytes are checked; storeOnce then takes the promise as `synced`.
   */
  static syncFile(path: string): Promise<void> {
    return fsyncPath(path, 'r+');
  }

  /**
   * Makes the uploaded file at `uploadedPath` the stored ciphertext of the dossier, then commits
   * its row. Returns the row that is stored afterwards: the new one, or the existing one when the
   * dossier was already stored (the caller serialises calls per dossier id; the primary key makes
   * a race harmless anyway).
   */
  async storeOnce(
    uploadedPath: string,
    dossier: Omit<StoredDossier, 'ciphertextFile' | 'storedAt'>,
    at = Date.now(),
    options: { synced?: Promise<void> } = {},
  ): Promise<{ stored: StoredDossier; created: boolean }> {
    const existing = this.find(dossier.dossierId);
    if (existing) {
      this.recordDuplicate(dossier.dossierId, at);
      return { stored: existing, created: false };
    }
    const fileName = `${dossier.dossierId}.jwe`;
    await (options.synced ?? CentralStore.syncFile(uploadedPath));
    await fs.rename(uploadedPath, join(this.dossiersDir, fileName));
    await fsyncPath(this.dossiersDir);
    const created = this.db
      .transaction(() => {
        const result = this.db
          .prepare(
            `INSERT OR IGNORE INTO dossiers (dossier_id, station_id, kind, ciphertext_sha256, ciphertext_size,
              ciphertext_file, manifest, attestation, receipt, received_at, stored_at)
             VALUES (@dossierId, @stationId, @kind, @ciphertextSha256, @ciphertextSize, @ciphertextFile,
              @manifest, @attestation, @receipt, @receivedAt, @storedAt)`,
          )
          .run({ ...dossier, ciphertextFile: fileName, storedAt: at });
        this.db
          .prepare('INSERT INTO deliveries (dossier_id, outcome, at) VALUES (?, ?, ?)')
          .run(dossier.dossierId, result.changes === 1 ? 'stored' : 'duplicate', at);
        if (result.changes === 1) this.lifecycle.recordReceived(dossier.dossierId, dossier.stationId, at);
        return result.changes === 1;
      })
      .immediate();
    return { stored: this.find(dossier.dossierId)!, created };
  }
}

/**
 * The central system's enrollment ledger, a JSON file beside its data (`<dataDir>/enrollment/
 * state.json`, 0600): one-time codes (only the key derived from each code is kept, with its
 * expiry and use), stations enrolled through the protocol (public signing key, certificate
 * serials) and revocations. `central enroll-code` and `central revoke` write it from another
 * process while `central serve` runs: every change is a read-modify-write under a lock file,
 * written to a temporary file, fsynced and renamed; readers reload when the file changes.
 */
import {
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const Code = z.strictObject({
  /** hex of codeKey(code): never the code itself. */
  key: z.string().regex(/^[0-9a-f]{64}$/),
  stationId: z.string().optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
  usedBy: z.string().optional(),
});

const Station = z.strictObject({
  id: z.string(),
  publicJwk: z.looseObject({ kty: z.string(), crv: z.string(), x: z.string(), y: z.string() }),
  /** Serials (upper-case hex) of every certificate issued to the station, newest last. */
  serials: z.array(z.string()),
  enrolledAt: z.string(),
  notAfter: z.string(),
});

const State = z.strictObject({
  v: z.literal(1),
  codes: z.array(Code),
  stations: z.array(Station),
  /** station id -> ISO date of revocation. */
  revokedStations: z.record(z.string(), z.string()),
  /** Certificates that stay refused even after the station is enrolled again. */
  revokedSerials: z.array(z.string()),
});

export type EnrollmentCode = z.infer<typeof Code>;
export type EnrolledStation = z.infer<typeof Station>;
export type EnrollmentLedger = z.infer<typeof State>;

const empty = (): EnrollmentLedger => ({
  v: 1,
  codes: [],
  stations: [],
  revokedStations: {},
  revokedSerials: [],
});

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export const ledgerPath = (dataDir: string) => join(dataDir, 'enrollment', 'state.json');

export class EnrollmentStateFile {
  private cached: EnrollmentLedger = empty();
  private stamp = '';

  constructor(readonly file: string) {}

  private currentStamp(): string {
    try {
      const s = statSync(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'absent';
    }
  }

  private readFresh(): EnrollmentLedger {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw error;
    }
    return State.parse(JSON.parse(text));
  }

  /** The ledger as last written (re-read only when the file changed: one stat per call). */
  read(): EnrollmentLedger {
    const stamp = this.currentStamp();
    if (stamp !== this.stamp) {
      this.cached = this.readFresh();
      this.stamp = stamp;
    }
    return this.cached;
  }

  /** Applies `change` to the latest ledger under the lock and writes it durably. */
  update<T>(change: (ledger: EnrollmentLedger) => T): T {
    const dir = join(this.file, '..');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const lock = `${this.file}.lock`;
    let fd: number | undefined;
    for (let attempt = 0; fd === undefined; attempt++) {
      try {
        fd = openSync(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        // A lock left by a crashed writer is taken over after 10 s.
        try {
          if (Date.now() - statSync(lock).mtimeMs > 10_000) rmSync(lock, { force: true });
        } catch {}
        if (attempt > 400) throw new Error(`enrollment ledger locked (${lock})`);
        sleep(5);
      }
    }
    try {
      const ledger = this.readFresh();
      const result = change(ledger);
      const temp = `${this.file}.${process.pid}.tmp`;
      const out = openSync(temp, constants.O_CREAT | constants.O_TRUNC | constants.O_WRONLY, 0o600);
      try {
        writeSync(out, `${JSON.stringify(ledger, null, 2)}\n`);
        fsyncSync(out);
      } finally {
        closeSync(out);
      }
      renameSync(temp, this.file);
      this.cached = ledger;
      this.stamp = this.currentStamp();
      return result;
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

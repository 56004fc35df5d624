/**
 * The simulated e-photo provider's records in the central's database (migration 0003): by code,
 * the portrait and signature an approved booth deposited with the provider's JWS over them. It owns
 * the states: a code is valid until six months after the photo was taken (`expires_at`, signed in
 * the JWS), unless used; once used it stays used. Signing is the provider's (central/ephoto).
 */
import type { EphotoAnswer } from '../../sync/protocol/ephoto';
import type { Db } from '../../sync/store/database';

export interface EphotoDeposit {
  code: string;
  takenAt: string;
  expiresAt: string;
  jws: string;
  photo: Uint8Array;
  signature: Uint8Array;
  usedAt?: string;
}

interface Row {
  code: string;
  taken_at: string;
  expires_at: string;
  jws: string;
  photo: Buffer;
  signature: Buffer;
  used_at: string | null;
}

export class EphotoStore {
  constructor(private readonly db: Db) {}

  deposit(record: EphotoDeposit): void {
    this.db
      .prepare(
        `INSERT INTO ephoto_records (code, taken_at, expires_at, jws, photo, signature, used_at, used_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`,
      )
      .run(
        record.code,
        record.takenAt,
        record.expiresAt,
        record.jws,
        Buffer.from(record.photo),
        Buffer.from(record.signature),
        record.usedAt ?? null,
      );
  }

  /** The provider's answer for `code`: the record only while the code is valid. */
  lookup(code: string, now = new Date()): EphotoAnswer {
    const row = this.db.prepare('SELECT * FROM ephoto_records WHERE code = ?').get(code) as Row | undefined;
    if (!row) return { code, state: 'unknown' };
    const dates = { expiresAt: row.expires_at, ...(row.used_at ? { usedAt: row.used_at } : {}) };
    if (row.used_at) return { code, state: 'used', ...dates };
    if (new Date(row.expires_at).getTime() <= now.getTime()) return { code, state: 'expired', ...dates };
    return {
      code,
      state: 'valid',
      ...dates,
      record: {
        jws: row.jws,
        photoBase64: row.photo.toString('base64'),
        signatureBase64: row.signature.toString('base64'),
      },
    };
  }

  /** Marks a valid code used by `stationId` (at submit); a second call, or an expired code, changes nothing. */
  use(code: string, stationId: string, now = new Date()): EphotoAnswer {
    const at = now.toISOString();
    this.db
      .prepare(
        'UPDATE ephoto_records SET used_at = ?, used_by = ? WHERE code = ? AND used_at IS NULL AND expires_at > ?',
      )
      .run(at, stationId, code, at);
    const { record: _record, ...answer } = this.lookup(code, now);
    return answer;
  }
}

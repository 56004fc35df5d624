/**
 * The vault of dossiers in progress (drafts): a capture interrupted at the counter (device
 * unplugged, applicant away, station restarted) is kept encrypted on disk until it expires, then
 * purged. Each draft is one file `<id>.draft` = nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16),
 * with the draft id, kind and expiry as additional data, written atomically with fsync. The draft
 * key is 32 random bytes created on first use and kept in `draft-key.bin`, protected at rest by the
 * same KeyProtector as the station's signing key (passphrase or OS keychain): without it, the
 * files are unreadable. Unlike queued dossiers (sealed for the central system only), the station
 * must read its drafts back to resume them.
 *
 * Written here rather than with a library: the format is three lines of node:crypto, and the
 * key-at-rest part reuses the station's own KeyProtector.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { KeyProtector } from '../crypto/key-protector';
import { writeFileAtomic } from '../store/atomic-file';

const KEY_FILE = 'draft-key.bin';
const SUFFIX = '.draft';
const NONCE = 12;
const TAG = 16;
const ID = /^[0-9a-f-]{36}$/;

export interface DraftRecord {
  id: string;
  kind: 'application' | 'certification';
  /** Epoch ms after which the draft is purged. */
  expiresAt: number;
  content: Uint8Array;
}

export class DraftVault {
  private constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
    private readonly now: () => number,
  ) {}

  /** Opens (creating on first use) the vault in `dir`; expired drafts are purged at once. */
  static async open(dir: string, protector: KeyProtector, now: () => number = Date.now): Promise<DraftVault> {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    let key: Uint8Array;
    try {
      key = await protector.unprotect(await fs.readFile(join(dir, KEY_FILE)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      key = randomBytes(32);
      await writeFileAtomic(dir, KEY_FILE, [await protector.protect(key)]);
    }
    const vault = new DraftVault(dir, key, now);
    await vault.purgeExpired();
    return vault;
  }

  private aad(id: string, kind: string, expiresAt: number): Buffer {
    return Buffer.from(`recueil-draft/1|${id}|${kind}|${expiresAt}`);
  }

  async save(record: DraftRecord): Promise<void> {
    if (!ID.test(record.id)) throw new RangeError('invalid draft id');
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(this.aad(record.id, record.kind, record.expiresAt));
    const header = Buffer.from(JSON.stringify({ kind: record.kind, expiresAt: record.expiresAt }));
    const length = Buffer.alloc(2);
    length.writeUInt16BE(header.length);
    const body = [cipher.update(record.content), cipher.final(), cipher.getAuthTag()];
    await writeFileAtomic(this.dir, `${record.id}${SUFFIX}`, [length, header, nonce, ...body]);
  }

  /** The most recent unexpired draft of `kind`, or undefined. A file that does not decrypt is removed. */
  async latest(kind: DraftRecord['kind']): Promise<DraftRecord | undefined> {
    const records = await this.readAll();
    return records.filter((r) => r.kind === kind).sort((a, b) => b.expiresAt - a.expiresAt)[0];
  }

  async remove(id: string): Promise<void> {
    if (!ID.test(id)) return;
    await fs.rm(join(this.dir, `${id}${SUFFIX}`), { force: true });
  }

  /** Removes every expired (or unreadable) draft; returns how many were purged. */
  async purgeExpired(): Promise<number> {
    const before = await this.ids();
    const kept = await this.readAll();
    return before.length - kept.length;
  }

  private async ids(): Promise<string[]> {
    const names = await fs.readdir(this.dir);
    return names.filter((n) => n.endsWith(SUFFIX)).map((n) => n.slice(0, -SUFFIX.length));
  }

  private async readAll(): Promise<DraftRecord[]> {
    const out: DraftRecord[] = [];
    for (const id of await this.ids()) {
      const record = await this.read(id);
      if (record && record.expiresAt > this.now()) out.push(record);
      else await this.remove(id);
    }
    return out;
  }

  private async read(id: string): Promise<DraftRecord | undefined> {
    try {
      const bytes = await fs.readFile(join(this.dir, `${id}${SUFFIX}`));
      const headerLength = bytes.readUInt16BE(0);
      const header = JSON.parse(bytes.subarray(2, 2 + headerLength).toString('utf8')) as {
        kind: DraftRecord['kind'];
        expiresAt: number;
      };
      const rest = bytes.subarray(2 + headerLength);
      const decipher = createDecipheriv('aes-256-gcm', this.key, rest.subarray(0, NONCE));
      decipher.setAAD(this.aad(id, header.kind, header.expiresAt));
      decipher.setAuthTag(rest.subarray(rest.length - TAG));
      const content = Buffer.concat([
        decipher.update(rest.subarray(NONCE, rest.length - TAG)),
        decipher.final(),
      ]);
      return { id, kind: header.kind, expiresAt: header.expiresAt, content };
    } catch {
      return undefined;
    }
  }
}

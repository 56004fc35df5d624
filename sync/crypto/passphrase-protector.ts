/**
 * Passphrase-based KeyProtector: scrypt (node:crypto) derives an AES-256-GCM key from the
 * passphrase in RECUEIL_KEY_PASSPHRASE; the blob records the scrypt parameters, salt, IV and tag.
 * A wrong passphrase and an altered blob both fail the GCM tag and are reported as such.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { KeyProtectionError, type KeyProtector } from './key-protector';

export const PASSPHRASE_ENV = 'RECUEIL_KEY_PASSPHRASE';
export const MIN_PASSPHRASE_LENGTH = 12;

export interface ScryptCost {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** ~64 MiB and a few hundred ms on the station: paid once per start. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 16, r: 8, p: 1 };
const MAX_N = 2 ** 20;

const Blob = z.strictObject({
  v: z.literal(1),
  kdf: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2)
    .max(MAX_N)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.base64(),
  iv: z.base64(),
  tag: z.base64(),
  ct: z.base64(),
});

export interface PassphraseProtectorOptions {
  /** Where RECUEIL_KEY_PASSPHRASE is read (default process.env), at each call. */
  env?: Record<string, string | undefined>;
  cost?: ScryptCost;
}

function deriveKey(passphrase: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export function passphraseProtector(options: PassphraseProtectorOptions = {}): KeyProtector {
  const env = options.env ?? process.env;
  const cost = options.cost ?? DEFAULT_SCRYPT_COST;

  const passphrase = (): string => {
    const value = env[PASSPHRASE_ENV];
    if (value === undefined || value === '') {
      throw new KeyProtectionError(
        'passphrase-missing',
        `Phrase de passe de la clé du poste absente : définissez la variable d’environnement ${PASSPHRASE_ENV}.`,
      );
    }
    return value;
  };

  return {
    name: 'passphrase-scrypt-aes256gcm',

    async protect(secret) {
      const value = passphrase();
      if ([...value].length < MIN_PASSPHRASE_LENGTH) {
        throw new KeyProtectionError(
          'passphrase-too-short',
          `Phrase de passe trop courte : ${MIN_PASSPHRASE_LENGTH} caractères au minimum (${PASSPHRASE_ENV}).`,
        );
      }
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const key = await deriveKey(value, salt, cost);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(secret), cipher.final()]);
      key.fill(0);
      const blob = {
        v: 1,
        kdf: 'scrypt',
        ...cost,
        salt: salt.toString('base64'),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
      return new TextEncoder().encode(JSON.stringify(blob));
    },

    async unprotect(bytes) {
      let blob: z.infer<typeof Blob>;
      try {
        blob = Blob.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
      } catch (cause) {
        throw new KeyProtectionError('key-file-invalid', 'Fichier de clé du poste illisible ou altéré.', {
          cause,
        });
      }
      const value = passphrase();
      const key = await deriveKey(value, Buffer.from(blob.salt, 'base64'), blob);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(blob.iv, 'base64'));
        decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
        return new Uint8Array(
          Buffer.concat([decipher.update(Buffer.from(blob.ct, 'base64')), decipher.final()]),
        );
      } catch (cause) {
        throw new KeyProtectionError(
          'passphrase-wrong',
          `Phrase de passe incorrecte (${PASSPHRASE_ENV}) : impossible de déverrouiller la clé du poste. Si la phrase de passe est juste, le fichier de clé a été altéré.`,
          { cause },
        );
      } finally {
        key.fill(0);
      }
    },
  };
}

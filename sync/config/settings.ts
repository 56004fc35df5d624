/**
 * The station's `central` configuration section (zod): where the central title system is and the
 * material pinned at enrollment — the CA that issued the central server's TLS certificate (the
 * only CA trusted for that connection), the central's JWE encryption key and receipt-signing key,
 * the station's mTLS client certificate and its signing key — plus upload, retry and retention
 * tuning. Paths are relative to the configuration file's folder until `resolveSyncPaths`.
 * Error messages name the expected form; the loader prefixes them with the key path.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const URL_EXPECTED = 'expected "embedded" or an https:// URL (e.g. "https://central.example.fr:8443")';
export const CentralUrl = z.union(
  [z.literal('embedded'), z.url({ protocol: /^https$/, error: URL_EXPECTED })],
  {
    error: URL_EXPECTED,
  },
);

const FilePath = z.string({ error: 'expected a file path' }).min(1, { error: 'expected a file path' });

/** A public EC P-256 JWK given inline; a private part is refused. */
export const PublicJwk = z.looseObject({
  kty: z.literal('EC', { error: 'expected an EC public JWK ("kty": "EC")' }),
  crv: z.literal('P-256', { error: 'expected a P-256 key ("crv": "P-256")' }),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.never({ error: 'a private key must never be given to the station' }).optional(),
});

const JwkSource = z
  .union([FilePath, z.looseObject({})], {
    error: 'expected the path of a JWK file or an inline public JWK object',
  })
  .superRefine((value, ctx) => {
    if (typeof value === 'string') return;
    const parsed = PublicJwk.safeParse(value);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

const Tls = z.strictObject({
  /** PEM of the CA that issued the central server's certificate: the only trusted issuer. */
  ca: FilePath,
  /** The station's client certificate (PEM, CN = station id) and its private key (PEM). */
  cert: FilePath,
  key: FilePath,
});

const CentralKeys = z.strictObject({
  /** The key dossiers are encrypted to (ECDH-ES+A256KW). */
  encryption: JwkSource,
  /** The key that signs the central's receipts (ES256). */
  receipts: JwkSource,
});

const SigningKey = z.strictObject({
  /** The station's protected signing key file (created at enrollment, mode 0600). */
  file: FilePath,
  protector: z
    .enum(['passphrase', 'os-keychain'], { error: 'expected "passphrase" or "os-keychain"' })
    .default('passphrase'),
  /**
   * DEMO ONLY: a 0600 file holding the passphrase, for the self-contained demo environment.
   * Production stations use RECUEIL_KEY_PASSPHRASE or the OS keychain.
   */
  passphraseFile: FilePath.optional(),
});

const Upload = z
  .strictObject({
    /** Bytes per PATCH request; a cut connection costs at most one chunk. */
    chunkSizeBytes: z
      .number({ error: 'expected a number of bytes' })
      .int()
      .min(64 * 1024, { error: 'expected at least 65536 bytes' })
      .max(256 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    /** Dossiers uploaded at the same time. */
    parallel: z.number().int().min(1).max(8, { error: 'expected 1 to 8' }).default(2),
    /** A request that makes no progress for this long is abandoned (and retried). */
    stallTimeoutMs: z.number().int().min(1000, { error: 'expected at least 1000 ms' }).default(30_000),
  })
  .default({ chunkSizeBytes: 8 * 1024 * 1024, parallel: 2, stallTimeoutMs: 30_000 });

const Retry = z
  .strictObject({
    /** A dossier that failed this many times for reasons of its own is parked. */
    maxAttempts: z.number().int().min(1).max(1000, { error: 'expected 1 to 1000' }).default(8),
    baseDelayMs: z.number().int().min(10).default(1000),
    maxDelayMs: z
      .number()
      .int()
      .min(10)
      .default(5 * 60_000),
  })
  .default({ maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 });

export const SyncSettings = z
  .strictObject({
    url: CentralUrl,
    /** With url "embedded": the reference central server configuration the station runs itself. */
    embedded: z.strictObject({ centralConfig: FilePath }).optional(),
    tls: Tls,
    centralKeys: CentralKeys,
    signingKey: SigningKey,
    upload: Upload,
    retry: Retry,
    /** Days the ciphertext of an acknowledged dossier is kept before it is purged. */
    retentionDays: z
      .number({ error: 'expected a number of days' })
      .min(0, { error: 'expected 0 or more days' })
      .max(3650)
      .default(7),
    /** Free space (MiB) to keep on the data volume: new dossiers are refused below it. */
    minFreeMb: z.number({ error: 'expected a number of MiB' }).int().min(0).default(512),
  })
  .superRefine((settings, ctx) => {
    if (settings.url === 'embedded' && !settings.embedded) {
      ctx.addIssue({
        code: 'custom',
        path: ['embedded'],
        message: 'expected { "centralConfig": "<path of central.json>" } when url is "embedded"',
      });
    }
  });

export type SyncSettings = z.output<typeof SyncSettings>;
export type SyncSettingsInput = z.input<typeof SyncSettings>;

function resolvePath(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}

function resolveJwk<T>(baseDir: string, source: string | T): string | T {
  return typeof source === 'string' ? resolvePath(baseDir, source) : source;
}

/** The same settings with every file path made absolute against the configuration file's folder. */
export function resolveSyncPaths(settings: SyncSettings, baseDir: string): SyncSettings {
  return {
    ...settings,
    ...(settings.embedded
      ? { embedded: { centralConfig: resolvePath(baseDir, settings.embedded.centralConfig) } }
      : {}),
    tls: {
      ca: resolvePath(baseDir, settings.tls.ca),
      cert: resolvePath(baseDir, settings.tls.cert),
      key: resolvePath(baseDir, settings.tls.key),
    },
    centralKeys: {
      encryption: resolveJwk(baseDir, settings.centralKeys.encryption),
      receipts: resolveJwk(baseDir, settings.centralKeys.receipts),
    },
    signingKey: {
      ...settings.signingKey,
      file: resolvePath(baseDir, settings.signingKey.file),
      ...(settings.signingKey.passphraseFile
        ? { passphraseFile: resolvePath(baseDir, settings.signingKey.passphraseFile) }
        : {}),
    },
  };
}

/** "key.path: message" lines for a failed parse (same form as the station config loader). */
export function describeSettingsIssues(error: z.ZodError, prefix = 'central'): string[] {
  return error.issues.map((issue) => {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys')
      return `${issue.keys.map((k) => `${key}.${k}`).join(', ')}: unknown key (check the spelling)`;
    return `${key}: ${issue.message}`;
  });
}

/**
 * `central.json`, the reference central server's configuration (zod): where it listens, its data
 * folder, its TLS certificate and key, the CA whose certificates identify stations (mutual TLS),
 * its private keys (JWE decryption + receipt signing), the simulated e-photo provider's own
 * signing key, and the enrolled stations (id and public
 * signing JWK). Paths are relative to the file's folder; `loadCentralConfig` resolves them.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { PublicJwk } from '../../sync/config/settings';
import { RDV_DEMO_AUTH_TOKEN } from '../../sync/protocol/counter-services';

const FilePath = z.string({ error: 'expected a file path' }).min(1, { error: 'expected a file path' });

const EnrolledStation = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, {
    error: 'expected a station id (letters, digits, ".", "_", ":" or "-")',
  }),
  /** The station's public signing key, registered at enrollment. */
  publicJwk: PublicJwk,
});

export const CentralConfig = z.strictObject({
  listen: z.strictObject({
    host: z.string().min(1, { error: 'expected a host name or IP address' }).default('127.0.0.1'),
    port: z
      .number({ error: 'expected a TCP port number' })
      .int()
      .min(0)
      .max(65535, { error: 'expected a TCP port number (0-65535)' }),
  }),
  dataDir: FilePath,
  tls: z.strictObject({
    /** The server's certificate (PEM, SAN must name the host stations connect to) and key. */
    cert: FilePath,
    key: FilePath,
    /** CA that issues station client certificates: only its certificates are accepted. */
    clientCa: FilePath,
  }),
  /** JSON file with the private JWKs { encryption, receipts } (keep it 0600). */
  keys: FilePath,
  stations: z.array(EnrolledStation).default([]),
  /** Enrollment of new stations with one-time codes (docs/enrollment.md); absent = disabled. */
  enrollment: z
    .strictObject({
      /** The enrollment listener (server-authenticated TLS only: stations have no certificate yet). */
      listen: z.strictObject({
        host: z.string().min(1, { error: 'expected a host name or IP address' }).default('127.0.0.1'),
        port: z.number({ error: 'expected a TCP port number' }).int().min(0).max(65535),
      }),
      /** Private key of the station CA (`tls.clientCa`): it signs station certificates (0600). */
      caKey: FilePath,
      /** CA that issued `tls.cert`: handed to stations, which pin it. */
      serverCa: FilePath,
      /** The mutual-TLS URL handed to stations (default: the main listener's address). */
      publicUrl: z.url({ protocol: /^https$/, error: 'expected an https:// URL' }).optional(),
      /** Validity of the station certificates issued at enrollment and renewal. */
      certificateDays: z.number().int().min(1).max(3650).default(365),
      /** Lifetime of a one-time enrollment code. */
      codeTtlMinutes: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60)
        .default(60),
    })
    .optional(),
  /** The simulated counter services: the token the appointment platform expects from editors. */
  counterServices: z
    .strictObject({ rdvAuthToken: z.string().min(8, { error: 'expected a token of 8 characters or more' }) })
    .default({ rdvAuthToken: RDV_DEMO_AUTH_TOKEN }),
  /**
   * The simulated e-photo provider (issue 18): its own ES256 signing key (a private JWK file, 0600,
   * distinct from `keys`) and its name in the records; absent = no e-photo service.
   */
  ephoto: z
    .strictObject({
      signingKey: FilePath,
      provider: z.string().min(1).max(120).optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      maxDossierBytes: z
        .number()
        .int()
        .positive()
        .default(64 * 1024 * 1024),
      /** Unfinished uploads older than this are deleted. */
      uploadExpiryHours: z.number().positive().default(48),
    })
    .default({ maxDossierBytes: 64 * 1024 * 1024, uploadExpiryHours: 48 }),
});

export type CentralConfig = z.output<typeof CentralConfig>;
export type CentralConfigInput = z.input<typeof CentralConfig>;

export class CentralConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid central configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CentralConfigError';
  }
}

const abs = (baseDir: string, path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));

export function parseCentralConfig(raw: unknown, source: string, baseDir: string): CentralConfig {
  const result = CentralConfig.safeParse(raw);
  if (!result.success) {
    throw new CentralConfigError(
      source,
      result.error.issues.map((issue) => {
        const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
        if (issue.code === 'unrecognized_keys')
          return `${issue.keys.map((k) => (issue.path.length ? `${key}.${k}` : k)).join(', ')}: unknown key (check the spelling)`;
        return `${key}: ${issue.message}`;
      }),
    );
  }
  const config = result.data;
  return {
    ...config,
    dataDir: abs(baseDir, config.dataDir),
    tls: {
      cert: abs(baseDir, config.tls.cert),
      key: abs(baseDir, config.tls.key),
      clientCa: abs(baseDir, config.tls.clientCa),
    },
    keys: abs(baseDir, config.keys),
    ...(config.ephoto
      ? { ephoto: { ...config.ephoto, signingKey: abs(baseDir, config.ephoto.signingKey) } }
      : {}),
    ...(config.enrollment
      ? {
          enrollment: {
            ...config.enrollment,
            caKey: abs(baseDir, config.enrollment.caKey),
            serverCa: abs(baseDir, config.enrollment.serverCa),
          },
        }
      : {}),
  };
}

/** Reads and validates a central.json file (paths resolved against its folder). */
export function loadCentralConfig(file: string): CentralConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CentralConfigError(file, [`cannot read the file as JSON (${(error as Error).message})`]);
  }
  return parseCentralConfig(raw, file, dirname(resolve(file)));
}

/** A path or an already loaded configuration. */
export type CentralConfigSource = string | CentralConfig;

export const centralConfigOf = (source: CentralConfigSource): CentralConfig =>
  typeof source === 'string' ? loadCentralConfig(source) : source;

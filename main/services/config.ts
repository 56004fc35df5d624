/**
 * Station configuration: schema (zod), defaults, loading from a JSON file, and error messages that
 * name the bad key and the expected form. Paths in the file are relative to the file's folder.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { OpeningHours } from '../../common/availability/calendar';
import { FirmwareMinimum } from '../../common/domain/config-document';
import { Thresholds } from '../../common/domain/thresholds';
import { SyncSettings } from '../../sync/config/settings';

const StationId = z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, {
  error: 'expected 3 to 32 upper-case letters, digits or "-" (e.g. "DR-75056-0001")',
});
const InseeCode = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, {
  error: 'expected a 5-character INSEE commune code (e.g. "75056" or "2A004")',
});

const SimulatedDevices = z.enum([
  'signature-pad',
  'fingerprint-scanner',
  'camera',
  'card-reader',
  'barcode-reader',
]);

export const ConfigSchema = z
  .object({
    station: z
      .object({
        id: StationId,
        townHall: z
          .object({ name: z.string().min(1, { error: 'expected a non-empty name' }), inseeCode: InseeCode })
          .strict(),
      })
      .strict(),
    dataDir: z.string().min(1, { error: 'expected a folder path' }),
    /** Enrollment with the central title system (pinned keys and certificates); absent = not enrolled. */
    central: SyncSettings.optional(),
    devices: z
      .object({
        mode: z
          .enum(['simulated', 'hardware'], { error: 'expected "simulated" or "hardware"' })
          .default('simulated'),
        simulated: z
          .array(SimulatedDevices)
          .default(['signature-pad', 'fingerprint-scanner', 'camera', 'card-reader', 'barcode-reader']),
        /** Hardware mode: serial port of a ZFM/R30x fingerprint module (else the SBI service is discovered). */
        zfmPort: z.string().min(1, { error: 'expected a serial port path such as /dev/ttyUSB0' }).optional(),
        /** A portrait image that the simulated camera shows (demo, training); a drawn figure when absent. */
        cameraScene: z.string().min(1, { error: 'expected an image file path' }).optional(),
      })
      .strict()
      .prefault({}),
    thresholds: Thresholds.prefault({}),
    session: z
      .object({
        idleLockMinutes: z.number().int().min(1).max(120).default(10),
        /**
         * The agent CA certificate(s) (PEM or DER) that agent cards must chain to. Without it, a
         * simulated bench trusts its own test CA (demo only) and a hardware station refuses every card.
         */
        agentCaFile: z.string().min(1, { error: 'expected a certificate file path (PEM or DER)' }).optional(),
      })
      .strict()
      .prefault({}),
    /** The application-capture workflow. */
    workflow: z
      .object({
        /** Under this age (years, on the day of the application) no fingerprints are taken. */
        fingerprintMinAgeYears: z.number().int().min(0).max(18).default(12),
        /** An interrupted draft is kept (encrypted) this long, then purged. */
        draftRetentionMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .default(60),
      })
      .strict()
      .prefault({}),
    /** The identity-certification workflow (France Identité). */
    certification: z
      .object({
        /** Live capture attempts per finger before the certification is refused. */
        maxAttempts: z.number().int().min(1).max(10).default(3),
        /** Whether the certification dossier carries the live fingerprint images (default: no). */
        includeImages: z.boolean().default(false),
        /** Multi-finger decision: mean of the per-finger scores (default) or the best finger. */
        fusionRule: z.enum(['mean', 'max']).default('mean'),
      })
      .strict()
      .prefault({}),
    /** Counter checks before capture: the 2D-DOC trust list (file or PEM directory) and its pinned signer. */
    counter: z
      .object({
        twoDDocTrust: z
          .string()
          .min(1, { error: 'expected a trust-list file or a PEM directory path' })
          .optional(),
        twoDDocTrustSigner: z
          .string()
          .regex(/^[0-9a-f]{64}$/, { error: 'expected the SHA-256 fingerprint of the signer key (64 hex)' })
          .optional(),
        /** The token the appointment platform expects (header x-rdv-opt-auth-token; read by sync/counter). */
        rdvAuthToken: z.string().min(8, { error: 'expected a token of 8 characters or more' }).optional(),
        /** A counter service that has not answered after this long is reported as not answering. */
        lookupTimeoutMs: z.number().int().min(100).max(60_000).optional(),
        /** The e-photo provider's pinned public key (a JWK file; read by sync/counter/ephoto.ts). */
        ephotoProvider: z.string().min(1, { error: 'expected the path of a public JWK file' }).optional(),
      })
      .strict()
      .prefault({}),
    /** The availability ledger and health checks (docs/availability.md). */
    availability: z
      .object({
        /** When the town hall is open: minutes outside these hours are not recorded. */
        openingHours: OpeningHours.prefault({}),
        /** Days without contact with the central system after which the station counts as down. */
        freezeDays: z.number().int().min(1).max(365).default(7),
        /** Clock difference with the central system beyond which the station is degraded. */
        clockDriftLimitSeconds: z.number().int().min(1).max(3600).default(60),
        /** Certificates (station, agent cards) expiring within this many days are warned about. */
        certificateWarnDays: z.number().int().min(1).max(365).default(30),
      })
      .strict()
      .prefault({}),
    /** Health checks with remedies (docs/health.md); the other thresholds are in `availability`. */
    health: z
      .object({
        /** An unsent dossier older than this many hours is warned about (past `freezeDays`: fail). */
        backlogWarnHours: z
          .number()
          .int()
          .min(1)
          .max(24 * 365)
          .default(24),
        /** Free disk projected to reach the outbox reserve within this many days is warned about. */
        diskTrendWarnDays: z.number().int().min(2).max(365).default(30),
        /**
         * Minimum firmware versions per device kind (and model), in the signed configuration's form
         * (common/domain/config-document.ts); absent: the built-in ones (main/services/health/policy.ts).
         * A signed configuration in force carries its own and wins.
         */
        firmwareMinimums: z.array(FirmwareMinimum).max(64).optional(),
      })
      .strict()
      .prefault({}),
    /**
     * Simulated benches only: the station's clock runs `speed` times faster and reads `start`
     * (ISO 8601) at the real instant `anchor` (default: when the station starts; with an anchor the
     * simulated time goes on across restarts), so that an opening day takes minutes
     * (main/services/clock.ts).
     */
    clock: z
      .object({
        speed: z.number().positive().max(100_000).default(1),
        start: z.iso
          .datetime({
            offset: true,
            error: 'expected an ISO 8601 date-time such as "2026-12-07T08:59:00+01:00"',
          })
          .optional(),
        anchor: z.iso
          .datetime({ offset: true, error: 'expected an ISO 8601 date-time such as "2026-12-07T14:00:00Z"' })
          .optional(),
      })
      .strict()
      .optional(),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info') })
      .strict()
      .prefault({}),
  })
  .strict();

export type StationConfig = z.output<typeof ConfigSchema> & {
  /** The file the configuration was read from (hosts re-read their own part of it). */
  source?: string;
};
export type StationConfigInput = z.input<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? `${key}.` : '';
    return `${issue.keys.map((k) => `${where}${k}`).join(', ')}: unknown key (check the spelling)`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${key}: missing, ${issue.message}`;
  return `${key}: ${issue.message}`;
}

/** Validates a parsed configuration object; paths are resolved against `baseDir`. */
export function parseConfig(raw: unknown, source: string, baseDir: string): StationConfig {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describeIssue));
  const config = result.data;
  if (config.clock && config.devices.mode !== 'simulated')
    throw new ConfigError(source, ['clock: only on a simulated bench (devices.mode "simulated"); remove it']);
  const agentCaFile = config.session.agentCaFile;
  return {
    ...config,
    dataDir: isAbsolute(config.dataDir) ? config.dataDir : resolve(baseDir, config.dataDir),
    ...(agentCaFile && !isAbsolute(agentCaFile)
      ? { session: { ...config.session, agentCaFile: resolve(baseDir, agentCaFile) } }
      : {}),
  };
}

export function loadConfigFile(file: string): StationConfig {
  return { ...readConfigFile(file), source: resolve(file) };
}

function readConfigFile(file: string): StationConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(raw, file, dirname(resolve(file)));
}

/** The configuration named on the command line, or the demonstration station when none is. */
export function loadStationConfig(file: string | undefined): StationConfig {
  return file ? loadConfigFile(file) : demoConfig();
}

/** The demonstration station that `npm start` runs when no --config is given. */
export function demoConfig(dataDir = defaultDataDir()): StationConfig {
  return parseConfig(
    {
      station: { id: 'DR-DEMO-0001', townHall: { name: 'Mairie de démonstration', inseeCode: '75056' } },
      dataDir,
    },
    'built-in demo configuration',
    process.cwd(),
  );
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'recueil');
}

/**
 * Structured logging (pino) that never writes personal or biometric data.
 * Two layers: pino's `redact` for known paths, and a deep scrub of every log object that censors
 * keys naming personal data at any depth and any long base64/hex blob (images, templates, keys).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const CENSORED = '[censuré]';

/** Key names whose values are personal, biometric or secret, whatever their depth. */
const personalKeys = new Set(
  [
    'name',
    'agentName',
    'holderName',
    'givenNames',
    'givenName',
    'firstName',
    'lastName',
    'surname',
    'birthName',
    'usageName',
    'birthDate',
    'dateOfBirth',
    'birthPlace',
    'address',
    'email',
    'phone',
    'mrz',
    'can',
    'pin',
    'puk',
    'password',
    'passphrase',
    'token',
    'secret',
    'privateKey',
    'documentNumber',
    'preApplicationNumber',
    'portrait',
    'photo',
    'face',
    'image',
    'images',
    'fingerprint',
    'fingerprints',
    'minutiae',
    'template',
    'templates',
    'signature',
    'strokes',
    'biometric',
    'biometrics',
    'dg1',
    'dg2',
    'dg3',
    'pixels',
    'bytes',
    'data',
  ].map((k) => k.toLowerCase()),
);

const blobPattern = /^[A-Za-z0-9+/=_-]{64,}$/;

function scrub(value: unknown, depth: number): unknown {
  if (depth > 8) return CENSORED;
  if (typeof value === 'string') return blobPattern.test(value) ? CENSORED : value;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return CENSORED;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    if (value instanceof Error)
      return { type: value.name, message: value.message, code: (value as { code?: unknown }).code };
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = personalKeys.has(key.toLowerCase()) ? CENSORED : scrub(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/** Exposed for tests and for other sinks (audit, diagnostics bundle). */
export function scrubForLog(value: unknown): unknown {
  return scrub(value, 0);
}

export interface LoggerOptions {
  level?: string;
  name?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'recueil',
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.url', 'url'],
        censor: CENSORED,
      },
      formatters: {
        log: (object) => scrub(object, 0) as Record<string, unknown>,
      },
      serializers: { err: (e: unknown) => scrub(e, 0) },
    },
    options.destination ?? pino.destination(2),
  );
}

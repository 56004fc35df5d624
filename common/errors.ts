/**
 * Error taxonomy that crosses process boundaries as result envelopes.
 * Owns the error codes, the envelope schema and the `StationError` class that services throw.
 * Messages are French because they reach the agent's screen; codes are stable English identifiers.
 */
import { z } from 'zod';

export const errorCodes = [
  'INVALID_REQUEST',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'CONFLICT',
  'HOST_UNAVAILABLE',
  'TIMEOUT',
  'DEVICE_ERROR',
  'OPERATOR_RETRY',
  'FORBIDDEN',
  /** The station is not enrolled with the central system: nothing can be queued. */
  'NOT_ENROLLED',
  /** No open agent session (or the role does not allow the action). */
  'SESSION_REQUIRED',
  /** No successful sync for longer than the freeze limit: new applications are refused. */
  'STATION_FROZEN',
  /** The outbox refused the dossier (disk nearly full...): nothing was lost, the draft is kept. */
  'QUEUE_REFUSED',
  /** The sync host could not open the station's outbox or keys at start (see the diagnostics). */
  'SYNC_UNAVAILABLE',
  /** An image sent for analysis (camera still, fingerprint image) could not be decoded. */
  'INVALID_IMAGE',
  /** A model the analysis needs is missing, altered or failed (portrait check, fingerprint quality). */
  'ANALYSIS_UNAVAILABLE',
  /** Too much work in flight (per connection, per host, per analysis): refused at once, retry later. */
  'BUSY',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * One line per code: the French message shown when the producer has nothing more precise to say
 * (what happened and what to do), and whether it is an instruction to the agent rather than a fault
 * (an instruction is shown without a reference). docs/errors.md lists where each code is raised.
 */
export const errorCatalog: Record<ErrorCode, { message: string; instruction?: true }> = {
  INVALID_REQUEST: { message: 'Requête invalide : vérifiez la saisie et recommencez.' },
  UNKNOWN_COMMAND: {
    message: 'Commande inconnue du poste : rechargez l’écran ; si cela persiste, contactez l’assistance.',
  },
  NOT_FOUND: { message: 'Élément introuvable : il a peut-être été abandonné. Recommencez l’opération.' },
  CONFLICT: { message: 'Opération impossible à cette étape : suivez les étapes dans l’ordre.' },
  HOST_UNAVAILABLE: {
    message: 'Un processus du poste redémarre : réessayez dans quelques secondes.',
  },
  TIMEOUT: {
    message:
      'Le poste ne répond pas à temps : réessayez ; si cela persiste, redémarrez le processus depuis le diagnostic.',
  },
  DEVICE_ERROR: {
    message:
      'Périphérique en défaut : débranchez-le et rebranchez-le, puis lancez son auto-test depuis le diagnostic.',
  },
  OPERATOR_RETRY: {
    message: 'Action attendue sur le périphérique : suivez l’instruction et réessayez.',
    instruction: true,
  },
  FORBIDDEN: { message: 'Action non autorisée sur ce poste ou pour votre rôle.' },
  NOT_ENROLLED: {
    message:
      'Poste non enrôlé auprès du système central : faites-le enrôler par un technicien (recueil enroll).',
  },
  SESSION_REQUIRED: {
    message: 'Session agent requise : insérez votre carte agent et saisissez votre code PIN.',
  },
  STATION_FROZEN: {
    message:
      'Poste sans synchronisation avec le système central depuis trop longtemps : la saisie de nouvelles demandes est suspendue. Rétablissez la connexion puis lancez une synchronisation ; la certification et le diagnostic restent disponibles.',
  },
  QUEUE_REFUSED: {
    message:
      'Espace disque insuffisant : le dossier n’a pas été mis en file d’envoi, la demande est conservée. Libérez de l’espace ou contactez l’assistance.',
  },
  SYNC_UNAVAILABLE: {
    message:
      'Synchronisation indisponible : la file d’envoi du poste n’a pas pu être ouverte. Redémarrez le processus de synchronisation depuis le diagnostic ou contactez l’assistance.',
  },
  INVALID_IMAGE: {
    message:
      'Image illisible : reprenez la capture ; si cela se répète, testez le périphérique depuis le diagnostic.',
  },
  ANALYSIS_UNAVAILABLE: {
    message:
      'Analyse indisponible : un modèle d’analyse du poste est absent ou altéré. Contactez l’assistance.',
  },
  BUSY: {
    message: 'Le poste est occupé par d’autres demandes en cours : réessayez dans un instant.',
  },
  INTERNAL: {
    message:
      'Erreur interne du poste. L’incident a été journalisé : contactez l’assistance avec la référence.',
  },
};

/** The short reference a technician looks up in docs/errors.md, e.g. `E-QUEUE-REFUSED`. */
export function errorReference(error: { code: ErrorCode; incident?: string | undefined }): string {
  const base = `E-${error.code.replaceAll('_', '-')}`;
  return error.incident ? `${base}-${error.incident}` : base;
}

export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** Per-incident id, logged by the station core with the technical detail (diagnostics screen). */
  incident: z
    .string()
    .regex(/^[0-9A-F]{6,12}$/)
    .optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorPayload }),
  ]);
}

/**
 * Key of `details` holding the technical detail (error name, message, causes) of an error: it
 * travels from a host to the station core, which logs it under an incident id and keeps it for the
 * diagnostics screen; it never reaches an agent's screen.
 */
export const TECHNICAL_DETAIL = 'technical';

/** An error with a stable code and a French message for the agent. */
export class StationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StationError';
  }

  toPayload(): ErrorPayload {
    const technical = this.cause === undefined ? undefined : technicalDetail(this.cause);
    const details = technical ? { ...this.details, [TECHNICAL_DETAIL]: technical } : this.details;
    return details
      ? { code: this.code, message: this.message, details }
      : { code: this.code, message: this.message };
  }
}

/** Longest technical detail kept (log line, diagnostics screen). */
const MAX_TECHNICAL_CHARS = 600;

/** The technical side of anything thrown: names, system codes and messages down the cause chain. */
export function technicalDetail(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      parts.push(`${current.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : (JSON.stringify(current) ?? String(current)));
      break;
    }
  }
  const text = parts.join(' <- ');
  return text.length > MAX_TECHNICAL_CHARS ? `${text.slice(0, MAX_TECHNICAL_CHARS - 1)}…` : text;
}

/**
 * Turns anything thrown into an envelope error. Unknown errors become `INTERNAL` with the catalog's
 * French message; their technical detail rides in `details.technical` for the core's log.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof StationError) return error.toPayload();
  const parsed = ErrorPayload.safeParse(error);
  if (parsed.success) return parsed.data;
  return {
    code: 'INTERNAL',
    message: errorCatalog.INTERNAL.message,
    details: { [TECHNICAL_DETAIL]: technicalDetail(error) },
  };
}

/** The payload without its technical detail: what may leave the station core for a screen. */
export function withoutTechnicalDetail(error: ErrorPayload): ErrorPayload {
  if (!error.details || !Object.hasOwn(error.details, TECHNICAL_DETAIL)) return error;
  const { [TECHNICAL_DETAIL]: _technical, ...details } = error.details;
  const { details: _all, ...rest } = error;
  return Object.keys(details).length > 0 ? { ...rest, details } : rest;
}

/** A fresh incident id: 8 upper-case hex digits (Web Crypto, so the renderer's bundle may import this file). */
export function newIncidentId(): string {
  const bytes = new Uint8Array(4);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ErrorPayload): Result<T> {
  return { ok: false, error };
}

/** A result envelope's value, or its error thrown as a `StationError` (a registry turns it back into an envelope). */
export async function unwrap<T>(result: Result<T> | Promise<Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new StationError(settled.error.code, settled.error.message, settled.error.details);
  return settled.value;
}

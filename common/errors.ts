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
  /** The outbox refused the dossier (disk nearly full...): nothing was lost, the draft is kept. */
  'QUEUE_REFUSED',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorPayload = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorPayload }),
  ]);
}

/** An error with a stable code and a French message for the agent. */
export class StationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'StationError';
  }

  toPayload(): ErrorPayload {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

/** Turns anything thrown into an envelope error; unknown errors never leak their internals. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof StationError) return error.toPayload();
  const parsed = ErrorPayload.safeParse(error);
  if (parsed.success) return parsed.data;
  return { code: 'INTERNAL', message: 'Erreur interne du poste. L’incident a été journalisé.' };
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

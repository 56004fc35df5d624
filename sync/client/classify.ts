/**
 * Maps what went wrong on the wire — a node:net/node:tls error code, an HTTP status with the
 * central's JSON error body — to a DeliveryFailure (cause, scope, retryable).
 */
import type { ErrorBody } from '../protocol/http';
import { DeliveryFailure } from './causes';

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

const SERVER_CERT = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** TLS alerts the server sends when it refuses the station's client certificate. */
const CLIENT_CERT_ALERT =
  /ALERT_(CERTIFICATE_UNKNOWN|UNKNOWN_CA|CERTIFICATE_EXPIRED|BAD_CERTIFICATE|CERTIFICATE_REQUIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)/;

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current =
      (current as { cause?: unknown; causingError?: unknown }).causingError ??
      (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof Error) parts.push(current.message);
    current = (current as { causingError?: unknown }).causingError ?? (current as { cause?: unknown }).cause;
  }
  return parts.join(' <- ');
}

/** A failure that happened before any HTTP response (connect, TLS, reset, timeout). */
export function classifyNetworkError(error: unknown, context: { sentBytes?: boolean } = {}): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const code = errorCode(error) ?? '';
  const detail = `${code || 'error'}: ${messages(error)}`;
  if (SERVER_CERT.has(code))
    return new DeliveryFailure('server-certificate-refused', 'station', true, detail);
  if (CLIENT_CERT_ALERT.test(code) || CLIENT_CERT_ALERT.test(detail.toUpperCase().replace(/ /g, '_')))
    return new DeliveryFailure('station-certificate-refused', 'station', true, detail);
  if (UNREACHABLE.has(code)) return new DeliveryFailure('central-unreachable', 'station', true, detail);
  // ECONNRESET, EPIPE, "socket hang up", stalls: the link dropped during the exchange.
  return new DeliveryFailure(
    context.sentBytes === false ? 'central-unreachable' : 'connection-lost',
    context.sentBytes === false ? 'station' : 'dossier',
    true,
    detail,
  );
}

function parseBody(text: string): Partial<ErrorBody> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Partial<ErrorBody>) : {};
  } catch {
    return {};
  }
}

/** Retry-After (delay-seconds or an HTTP date) in ms from `now`, or undefined. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * A failure the central system answered with an HTTP status. A 503 or 429 with Retry-After is
 * the central asking every station to hold off: a station-scope `central-busy` that carries the
 * delay (no dossier pays for it).
 */
export function classifyResponse(status: number, bodyText: string, retryAfter?: string): DeliveryFailure {
  const body = parseBody(bodyText);
  const detail = `HTTP ${status}${body.error ? ` ${body.error}` : ''}${body.message ? `: ${body.message}` : ''}`;
  const retryAfterMs = status === 503 || status === 429 ? parseRetryAfter(retryAfter) : undefined;
  if (retryAfterMs !== undefined)
    return new DeliveryFailure(
      'central-busy',
      'station',
      true,
      `${detail} (Retry-After ${retryAfter})`,
      status,
      retryAfterMs,
    );
  if (status >= 500) return new DeliveryFailure('server-error', 'dossier', true, detail, status);
  if (
    status === 401 ||
    body.error === 'station-not-enrolled' ||
    body.error === 'station-revoked' ||
    body.error === 'certificate-required'
  )
    return new DeliveryFailure('station-certificate-refused', 'station', true, detail, status);
  if (body.error === 'transfer-corrupted')
    return new DeliveryFailure('transfer-corrupted', 'dossier', true, detail, status);
  if (body.error === 'conflict') return new DeliveryFailure('conflict', 'dossier', false, detail, status);
  if (body.retryable === false) return new DeliveryFailure('rejected', 'dossier', false, detail, status);
  if (status === 413) return new DeliveryFailure('rejected', 'dossier', false, detail, status);
  // 409 offset mismatch, 423 locked, 404/410 upload gone...: retry resumes from the server's state.
  return new DeliveryFailure('protocol-error', 'dossier', true, detail, status);
}

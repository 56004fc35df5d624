/**
 * The HTTPS transport to the central system: a keep-alive agent that presents the station's
 * client certificate and trusts ONLY the pinned CA (node's default trust store is replaced, and
 * the server name is checked against the certificate's SAN), a small request helper with a stall
 * timeout, and the health probe.
 *
 * Why the probe uses a fresh connection: node:tls on the server checks the client certificate
 * after the handshake and then destroys the socket without a TLS alert, so a refused station
 * certificate looks like a bare ECONNRESET to the client. On a fresh connection, "handshake
 * completed, server verified, then reset before any answer" is how a refusal shows; the probe
 * reports it as `station-certificate-refused` (adding "expired" when the local certificate is).
 */
import { X509Certificate } from 'node:crypto';
import type { ClientRequest } from 'node:http';
import { Agent, request } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsMaterial } from '../config/material';
import { DeliveryFailure } from './causes';
import { classifyNetworkError, classifyResponse } from './classify';

export function createTlsAgent(
  tls: TlsMaterial,
  options: { maxSockets?: number; keepAlive?: boolean } = {},
): Agent {
  return new Agent({
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    keepAlive: options.keepAlive ?? true,
    maxSockets: options.maxSockets ?? 8,
    minVersion: 'TLSv1.2',
  });
}

/** A TCP connect to the central that takes longer than this is given up (a silent link). */
export const CONNECT_TIMEOUT_MS = 3000;
/** Connect plus TLS handshake (mutual: the station's certificate goes up too). */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Bounds the connection phase of `req` when it opens a new socket: a silent link or a central
 * that never completes the TLS handshake fails with ETIMEDOUT (central-unreachable, see
 * classify.ts) within seconds, instead of waiting for the kernel's SYN retries or the stall
 * timeout; then the engine's link-up detection takes over. A reused keep-alive socket is not
 * touched.
 */
export function boundConnection(
  req: ClientRequest,
  limits: { connectMs: number; handshakeMs: number } = {
    connectMs: CONNECT_TIMEOUT_MS,
    handshakeMs: HANDSHAKE_TIMEOUT_MS,
  },
): void {
  req.once('socket', (socket: Socket) => {
    if (!socket.connecting) return;
    const fail = (what: string, ms: number) =>
      setTimeout(
        () =>
          req.destroy(Object.assign(new Error(`${what} not done within ${ms} ms`), { code: 'ETIMEDOUT' })),
        ms,
      );
    const connect = fail('TCP connect', limits.connectMs);
    const handshake = fail('TLS handshake', limits.handshakeMs);
    socket.once('connect', () => clearTimeout(connect));
    socket.once('secureConnect', () => clearTimeout(handshake));
    socket.once('close', () => {
      clearTimeout(connect);
      clearTimeout(handshake);
    });
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request with an empty body; rejects with a DeliveryFailure on network errors. */
export function requestRaw(
  agent: Agent,
  method: 'GET' | 'POST' | 'HEAD',
  url: string,
  options: { timeoutMs: number; headers?: Record<string, string> },
): Promise<RawResponse & { handshakeThenReset?: boolean }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url,
      { method, agent, headers: { accept: 'application/json', ...options.headers } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error) => reject(classifyNetworkError(error)));
      },
    );
    boundConnection(req);
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ESTALLED' })),
    );
    req.on('error', (error) => {
      const socket = req.socket as TLSSocket | null;
      const code = (error as { code?: string }).code;
      if (!answered && socket?.authorized && (code === 'ECONNRESET' || code === 'EPIPE')) {
        reject(
          Object.assign(classifyNetworkError(error, { sentBytes: false }), { handshakeThenReset: true }),
        );
        return;
      }
      reject(classifyNetworkError(error, { sentBytes: false }));
    });
    req.end();
  });
}

/** Expects 200 with `{ field: string }`; 404 gives undefined; anything else a DeliveryFailure. */
export async function fetchField(
  agent: Agent,
  method: 'GET' | 'POST',
  url: string,
  field: string,
  options: { timeoutMs: number },
): Promise<string | undefined> {
  const { status, body, headers } = await requestRaw(agent, method, url, options);
  if (status === 404) return undefined;
  if (status !== 200) {
    const retryAfter = headers['retry-after'];
    throw classifyResponse(status, body, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  }
  let value: unknown;
  try {
    value = (JSON.parse(body) as Record<string, unknown>)[field];
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string') throw classifyResponse(502, `{"message":"missing ${field} in response"}`);
  return value;
}

function localCertificateProblem(certPem: string): string | undefined {
  try {
    const cert = new X509Certificate(certPem);
    const now = Date.now();
    if (Date.parse(cert.validTo) < now) return `certificat du poste expiré le ${cert.validTo}`;
    if (Date.parse(cert.validFrom) > now) return `certificat du poste pas encore valide (${cert.validFrom})`;
  } catch {
    return 'certificat du poste illisible';
  }
  return undefined;
}

/**
 * GET /v1/health on a fresh connection: undefined when the central system answers for this
 * station, else the station-scope failure (unreachable, server certificate, station certificate).
 */
export async function probeCentral(
  tls: TlsMaterial,
  baseUrl: string,
  healthPath: string,
  timeoutMs: number,
): Promise<DeliveryFailure | undefined> {
  const agent = createTlsAgent(tls, { keepAlive: false, maxSockets: 1 });
  try {
    const { status, body } = await requestRaw(agent, 'GET', baseUrl + healthPath, { timeoutMs });
    if (status === 200) return undefined;
    const failure = classifyResponse(status, body);
    return failure.scope === 'station'
      ? failure
      : new DeliveryFailure('central-unreachable', 'station', true, failure.message, status);
  } catch (error) {
    const local = localCertificateProblem(tls.cert);
    if ((error as { handshakeThenReset?: boolean }).handshakeThenReset || local) {
      return new DeliveryFailure(
        'station-certificate-refused',
        'station',
        true,
        `connection closed by the central system right after the TLS handshake${local ? ` (${local})` : ''}`,
      );
    }
    const failure =
      error instanceof DeliveryFailure ? error : classifyNetworkError(error, { sentBytes: false });
    return failure.scope === 'station'
      ? failure
      : new DeliveryFailure('central-unreachable', 'station', true, failure.message);
  } finally {
    agent.destroy();
  }
}

/**
 * The station's HTTPS calls for enrollment: a TLS connection whose server certificate is checked
 * against a CA (`--ca`) or a SHA-256 fingerprint (`--fingerprint`), or only recorded (the code's
 * HMAC binding then authenticates the exchange), then one JSON POST over that very connection.
 */
import { X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { normalizeFingerprint } from '../protocol';

export interface PinnedConnection {
  socket: TLSSocket;
  /** Lower-case hex SHA-256 of the server certificate's DER. */
  fingerprint: string;
  certificate: X509Certificate;
}

export class EnrollConnectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnrollConnectError';
  }
}

export function openPinned(
  url: URL,
  pin: { ca?: string; fingerprint?: string; cert?: string; key?: string },
  timeoutMs = 15_000,
): Promise<PinnedConnection> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      ...(pin.ca ? { ca: pin.ca } : {}),
      ...(pin.cert && pin.key ? { cert: pin.cert, key: pin.key } : {}),
      rejectUnauthorized: pin.ca !== undefined,
      ALPNProtocols: ['http/1.1'],
      minVersion: 'TLSv1.2',
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`pas de réponse en ${timeoutMs} ms`)));
    socket.once('error', (error) =>
      reject(
        new EnrollConnectError(`Connexion au système central impossible (${url.origin}) : ${error.message}`, {
          cause: error,
        }),
      ),
    );
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(true).raw;
      const certificate = new X509Certificate(raw);
      const fingerprint = normalizeFingerprint(certificate.fingerprint256);
      if (pin.fingerprint && normalizeFingerprint(pin.fingerprint) !== fingerprint) {
        socket.destroy();
        reject(
          new EnrollConnectError(
            `Empreinte du certificat du système central inattendue : ${fingerprint} (attendue : ${normalizeFingerprint(pin.fingerprint)}). Connexion refusée par sécurité.`,
          ),
        );
        return;
      }
      resolve({ socket, fingerprint, certificate });
    });
  });
}

/** POSTs JSON over the pinned connection; resolves with the status and parsed body. */
export function postJson(
  connection: PinnedConnection,
  url: URL,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    // Plain http over the already verified TLS socket (an https agent would open another one).
    const req = request(
      {
        host: url.hostname,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        createConnection: () => connection.socket,
        headers: {
          host: url.host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          accept: 'application/json',
          connection: 'close',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {}
          connection.socket.destroy();
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error) =>
      reject(
        new EnrollConnectError(`Échange avec le système central interrompu : ${error.message}`, {
          cause: error,
        }),
      ),
    );
    req.end(text);
  });
}

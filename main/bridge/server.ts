/**
 * Browser mode: serves the built renderer and the station contract over a loopback WebSocket.
 * Listens on 127.0.0.1 only, on a random port; every WebSocket must present the per-launch secret
 * token and come from the UI's own origin (and Host), which defeats other local pages and DNS
 * rebinding. The window the station opens gets a one-time launch URL instead (exchanged once for an
 * HttpOnly session cookie), so nothing in a command line opens a session. Frames are validated on
 * the way in; each socket's work is bounded (main/ipc/admission.ts: requests in flight, their bytes,
 * each command's size limit); responses are the registry's result envelopes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Result } from '../../common/errors';
import { buildCsp } from '../app/csp';
import {
  defaultMaxRequestBytes,
  maxClientFrameBytes,
  RequestFrame,
  type ServerFrame,
} from '../contract/wire';
import { createAdmission, stationBudget, WorkMeter } from '../ipc/admission';
import type { Dispatch } from '../ipc/registry';
import type { EventBus } from '../services/event-bus';
import type { Logger } from '../services/logger';

export interface BridgeOptions {
  rendererDir: string;
  dispatch: Dispatch;
  bus: EventBus;
  logger: Logger;
  /** Called once a UI has connected with a valid token (the `ui-ready` milestone). */
  onClientConnected?: () => void;
  port?: number;
}

export interface BridgeServer {
  readonly origin: string;
  /** The URL to open: origin + the token, which the renderer removes from the address bar. */
  readonly uiUrl: string;
  readonly token: string;
  /**
   * A fresh one-time launch URL for the browser window the station opens: its code is exchanged, once
   * and within `launchCodeTtlMs`, for an HttpOnly session cookie, so the URL that Chromium's command
   * line shows (`ps`) is useless after launch. The session token itself never appears in an argv.
   */
  launchUrl(): string;
  close(): Promise<void>;
}

/** How long a launch code may wait for its browser (milliseconds). */
export const launchCodeTtlMs = 120_000;
export const launchPath = '/launch';

export const apiPath = '/api';

/** The value of cookie `name` in a Cookie header, if present. */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The id and command of a request frame as the station's clients write it
 * (`{"type":"request","id":…,"command":"…",…}`), read from its first bytes; undefined otherwise.
 */
function frameHead(data: Buffer): { id: number; command: string } | undefined {
  const match = /^\{"type":"request","id":(\d{1,15}),"command":"([\w.]{1,64})"/.exec(
    data.subarray(0, 160).toString('latin1'),
  );
  return match ? { id: Number(match[1]), command: match[2]! } : undefined;
}

export async function startBridge(options: BridgeOptions): Promise<BridgeServer> {
  const indexFile = join(options.rendererDir, 'index.html');
  if (!existsSync(indexFile)) {
    throw new Error(`renderer not built: ${indexFile} is missing (run "npm run build:renderer")`);
  }
  const token = randomBytes(32).toString('base64url');
  /** Launch codes not used yet, with when they expire; session cookies given in exchange. */
  const launchCodes = new Map<string, number>();
  const sessionCookies = new Set<string>();
  const cookieName = 'recueil-session';
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  let origin = '';
  let csp = '';

  app.addHook('onRequest', async (request, reply) => {
    if (request.headers.host !== new URL(origin).host) {
      return reply.code(421).send('Hôte refusé.');
    }
    reply.header('Content-Security-Policy', csp);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header(
      'Permissions-Policy',
      'camera=(self), microphone=(), geolocation=(), usb=(), hid=(), serial=()',
    );
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: maxClientFrameBytes } });
  await app.register(fastifyStatic, { root: options.rendererDir, index: ['index.html'], wildcard: false });

  const clients = new Set<WebSocket>();
  const stationWork = new WorkMeter(stationBudget);
  const unsubscribe = options.bus.subscribeAll((event, payload) => {
    const frame: ServerFrame = { type: 'event', event, payload };
    const text = JSON.stringify(frame);
    for (const socket of clients) if (socket.readyState === socket.OPEN) socket.send(text);
  });

  app.get(
    apiPath,
    {
      websocket: true,
      preValidation: async (request, reply) => {
        const given = (request.query as Record<string, unknown>).token;
        const cookie = cookieValue(request.headers.cookie, cookieName);
        const byToken = typeof given === 'string' && given !== '' && sameSecret(given, token);
        const byCookie = cookie !== undefined && sessionCookies.has(cookie);
        if (!byToken && !byCookie) {
          options.logger.warn({ reason: 'token' }, 'refused a WebSocket client');
          return reply.code(401).send('Jeton de session invalide.');
        }
        if (request.headers.origin !== origin) {
          options.logger.warn({ reason: 'origin' }, 'refused a WebSocket client');
          return reply.code(403).send('Origine refusée.');
        }
      },
    },
    (socket) => {
      clients.add(socket);
      options.onClientConnected?.();
      socket.on('close', () => clients.delete(socket));
      const admission = createAdmission(options.dispatch, stationWork);
      const answer = (id: number, result: Result<unknown>) => {
        const reply: ServerFrame = { type: 'response', id, result };
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
      };
      socket.on('message', async (raw, isBinary) => {
        if (isBinary) return socket.close(1003, 'binary frames are not accepted');
        const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
        // A large frame that would be refused is answered from its head, without decoding it.
        const head = data.length > defaultMaxRequestBytes ? frameHead(data) : undefined;
        const early = head && admission.refusal(head.command, data.length);
        if (head && early) return answer(head.id, { ok: false, error: early });
        let frame: RequestFrame;
        try {
          const parsed = RequestFrame.safeParse(JSON.parse(data.toString()));
          if (!parsed.success) return socket.close(1008, 'malformed frame');
          frame = parsed.data;
        } catch {
          return socket.close(1008, 'malformed frame');
        }
        answer(frame.id, await admission.dispatch(frame.command, frame.payload, data.length));
      });
    },
  );

  // The browser window's one-time launch URL: a code exchanged once for a session cookie.
  app.get(launchPath, async (request, reply) => {
    const code = (request.query as Record<string, unknown>).code;
    const expires = typeof code === 'string' ? launchCodes.get(code) : undefined;
    if (typeof code === 'string') launchCodes.delete(code);
    if (expires === undefined || expires < Date.now()) {
      options.logger.warn(
        { reason: expires === undefined ? 'unknown-or-used' : 'expired' },
        'refused a launch code',
      );
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send(
          'Lien de lancement déjà utilisé ou expiré : ouvrez l’adresse de la ligne « ui » affichée par recueil start, ou redémarrez le poste.',
        );
    }
    const session = randomBytes(32).toString('base64url');
    sessionCookies.add(session);
    reply.header('Set-Cookie', `${cookieName}=${session}; Path=/; HttpOnly; SameSite=Strict`);
    reply.header('Cache-Control', 'no-store');
    return reply.redirect('/', 303);
  });

  // Single-page app: unknown paths fall back to the UI (never to a directory listing).
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith(apiPath)) return reply.code(404).send();
    return reply.sendFile('index.html');
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  origin = address.replace('localhost', '127.0.0.1');
  csp = buildCsp({ connectSrc: [`${origin.replace(/^http/, 'ws')}${apiPath}`] });
  return {
    origin,
    token,
    uiUrl: `${origin}/?token=${token}`,
    launchUrl() {
      const code = randomBytes(24).toString('base64url');
      launchCodes.set(code, Date.now() + launchCodeTtlMs);
      return `${origin}${launchPath}?code=${code}`;
    },
    async close() {
      unsubscribe();
      for (const socket of clients) socket.close(1001, 'station stopping');
      await app.close();
    },
  };
}

/**
 * The reference central server's HTTP application: fastify over HTTPS with mutual TLS
 * (requestCert + rejectUnauthorized, trusting only the station CA), an enrollment check on every
 * request, the tus upload endpoint (tus.ts) on the raw request, the finalize / receipt / health routes of
 * sync/protocol/http.ts, the clock exchange (time-route.ts), the counter services and the central ->
 * station messages.
 */
import type { IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { isUuidV7 } from '../../sync/dossier';
import { RENEW_PATH } from '../../sync/enroll/protocol';
import { HEALTH_PATH, METADATA_DOSSIER_ID, UPLOADS_PATH } from '../../sync/protocol/http';
import type { ConfigurationVersions } from '../store';
import { registerConfigurationRoutes } from './configuration-routes';
import { type CounterRouteOptions, registerCounterRoutes } from './counter-routes';
import { type EphotoRouteOptions, registerEphotoRoutes } from './ephoto-routes';
import { asCentralError, CentralError } from './errors';
import type { Finalizer } from './finalize';
import { peerSerial, peerStation } from './identity';
import { type MessageRouteOptions, registerMessageRoutes } from './message-routes';
import type { ReceivingFileStore } from './receiving-store';
import type { StationRegistry } from './stations';
import { type CentralClock, registerTimeRoute } from './time-route';
import { createTusEndpoint } from './tus';
import { parseTusMetadata } from './tus-metadata';

/** Test seam: answer a request with this status before it reaches the application. */
export type FaultInjector = (request: {
  method: string;
  url: string;
  offset?: string;
  /** Dossier id named in tus Upload-Metadata (creation requests). */
  metadataDossierId?: string;
}) => number | undefined;

function metadataDossierId(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  return parseTusMetadata(header)?.[METADATA_DOSSIER_ID] || undefined;
}

export interface AppOptions {
  tls: { cert: string; key: string; clientCa: string };
  stations: StationRegistry;
  finalizer: Finalizer;
  uploads: ReceivingFileStore;
  maxDossierBytes: number;
  inject?: FaultInjector;
  logLevel?: string;
  /** Certificate renewal for the calling station (sync/enroll): enables POST /v1/renew. */
  renew?: (stationId: string, body: unknown) => Promise<unknown>;
  /** The simulated counter services (pre-applications, appointments, tax stamps). */
  counter?: CounterRouteOptions;
  /** The published configuration versions: enables GET /v1/config. */
  configuration?: ConfigurationVersions;
  /** The clock `GET /v1/time` reads (default: the wall clock). */
  clock?: CentralClock;
  /** The simulated e-photo provider (absent: its routes answer 404). */
  ephoto?: EphotoRouteOptions;
  /** The central -> station messages (GET /v1/messages). */
  messages?: MessageRouteOptions;
}

export function buildCentralApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    https: {
      cert: options.tls.cert,
      key: options.tls.key,
      ca: options.tls.clientCa,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    forceCloseConnections: true,
    logger: options.logLevel ? { level: options.logLevel } : false,
  });
  const tus = createTusEndpoint({
    uploads: options.uploads,
    finalizer: options.finalizer,
    maxSize: options.maxDossierBytes,
  });

  app.setErrorHandler((error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    const central =
      error instanceof CentralError
        ? error
        : status && status < 500
          ? new CentralError(status, 'bad-request', (error as Error).message, false)
          : asCentralError(error);
    void reply.code(central.status).send(central.body());
  });

  app.addHook('onRequest', async (request, reply) => {
    const offset = request.headers['upload-offset'];
    const named = metadataDossierId(request.headers['upload-metadata']);
    const status = options.inject?.({
      method: request.method,
      url: request.url,
      ...(typeof offset === 'string' ? { offset } : {}),
      ...(named ? { metadataDossierId: named } : {}),
    });
    if (status !== undefined) {
      return reply
        .code(status)
        .header('connection', 'close')
        .send({ error: 'unavailable', message: 'injected fault', retryable: true });
    }
    const station = peerStation(request.raw);
    if (!station) throw new CentralError(401, 'certificate-required', 'client certificate required', false);
    if (options.stations.isRevoked?.(station, peerSerial(request.raw)))
      throw new CentralError(403, 'station-revoked', `station ${station} is revoked`, true);
    if (!options.stations.isEnrolled(station))
      throw new CentralError(403, 'station-not-enrolled', `station ${station} is not enrolled`, false);
  });

  // The tus endpoint reads the request body itself.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
  for (const url of [UPLOADS_PATH, `${UPLOADS_PATH}/*`]) {
    app.all(url, async (request, reply) => {
      reply.hijack();
      await tus.handle(request.raw, reply.raw, peerStation(request.raw)!);
    });
  }

  const stationOf = (raw: IncomingMessage) => peerStation(raw)!;
  const dossierParam = (params: unknown): string => {
    const id = (params as { id?: string }).id;
    if (!id || !isUuidV7(id))
      throw new CentralError(400, 'bad-request', 'dossier id must be a UUIDv7', false);
    return id;
  };

  const renew = options.renew;
  if (renew) app.post(RENEW_PATH, async (request) => renew(stationOf(request.raw), request.body));

  if (options.counter) registerCounterRoutes(app, options.counter);
  if (options.configuration) registerConfigurationRoutes(app, options.configuration);
  if (options.ephoto) registerEphotoRoutes(app, options.ephoto);

  registerTimeRoute(app, options.clock);
  if (options.messages) registerMessageRoutes(app, options.messages);

  app.get(HEALTH_PATH, async (request) => ({ stationId: stationOf(request.raw), status: 'ok' }));

  app.post('/v1/dossiers/:id/finalize', async (request) => {
    const receipt = await options.finalizer.finalize(dossierParam(request.params), stationOf(request.raw));
    return { receipt };
  });

  app.get('/v1/dossiers/:id/receipt', async (request) => {
    const receipt = options.finalizer.receiptOf(dossierParam(request.params), stationOf(request.raw));
    if (!receipt) throw new CentralError(404, 'upload-not-found', 'no stored dossier with this id', true);
    return { receipt };
  });

  return app;
}

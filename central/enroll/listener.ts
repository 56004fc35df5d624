/**
 * The enrollment listener: HTTPS with the central server's certificate but no client
 * certificate (a station that is not enrolled has none), on its own port, serving only
 * `POST /v1/enroll`. Errors have the JSON body { error, message }.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { ENROLL_PATH } from '../../sync/enroll/protocol';
import { EnrollmentError, type EnrollmentService } from './service';

export interface RunningEnrollment {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEnrollmentListener(options: {
  tls: { cert: string; key: string };
  host: string;
  port: number;
  service: EnrollmentService;
  logLevel?: string;
}): Promise<RunningEnrollment> {
  const app = Fastify({
    https: { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' },
    forceCloseConnections: true,
    bodyLimit: 64 * 1024,
    logger: options.logLevel ? { level: options.logLevel } : false,
  });
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof EnrollmentError) return void reply.code(error.status).send(error.body());
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500)
      return void reply.code(status).send({ error: 'bad-request', message: (error as Error).message });
    void reply.code(500).send({ error: 'internal', message: 'internal error' });
  });
  app.post(ENROLL_PATH, async (request) => options.service.enroll(request.body, request.ip));
  await app.listen({ host: options.host, port: options.port });
  const { port } = app.server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { url: `https://${host}:${port}`, port, close: () => app.close() };
}

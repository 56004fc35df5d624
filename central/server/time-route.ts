/**
 * `GET /v1/time` (sync/protocol/time.ts): the central's wall clock when the request reached the
 * route and when the answer leaves, so that a station measures its clock offset NTP-style over the
 * mutual-TLS link. It sits behind the same station authentication as the upload routes (app.ts's
 * onRequest hook): an unknown or revoked station gets no time.
 */
import type { FastifyInstance } from 'fastify';
import { TIME_PATH, type TimeAnswer } from '../../sync/protocol/time';

/** The central's clock in ms since the epoch, sub-millisecond (injectable for tests). */
export type CentralClock = () => number;
export const wallClock: CentralClock = () => performance.timeOrigin + performance.now();

export function registerTimeRoute(app: FastifyInstance, clock: CentralClock = wallClock): void {
  app.get(TIME_PATH, async (): Promise<TimeAnswer> => {
    const receivedAt = clock();
    return { receivedAt, transmittedAt: clock() };
  });
}

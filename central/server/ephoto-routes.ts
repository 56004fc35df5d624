/**
 * The simulated e-photo provider's routes on the central's mutual-TLS server (wire:
 * sync/protocol/ephoto.ts): a station looks a code up, and marks it used when the dossier is
 * submitted. A malformed code (length, alphabet, check characters) is refused with 400 before the
 * store is asked.
 */
import type { FastifyInstance } from 'fastify';
import { parseEphotoCode } from '../../common/domain/ephoto-code';
import { EPHOTO_PATH } from '../../sync/protocol/ephoto';
import type { EphotoStore } from '../store/ephoto';
import { CentralError } from './errors';
import { peerStation } from './identity';

export interface EphotoRouteOptions {
  ephoto: () => EphotoStore;
}

function codeParam(params: unknown): string {
  const { code, problem } = parseEphotoCode((params as { code?: string }).code ?? '');
  if (problem) throw new CentralError(400, 'bad-request', `malformed e-photo code (${problem})`, false);
  return code;
}

export function registerEphotoRoutes(app: FastifyInstance, options: EphotoRouteOptions): void {
  app.get(`${EPHOTO_PATH}/:code`, async (request) => options.ephoto().lookup(codeParam(request.params)));
  app.post(`${EPHOTO_PATH}/:code/use`, async (request) => {
    const answer = options.ephoto().use(codeParam(request.params), peerStation(request.raw) ?? 'unknown');
    if (answer.state === 'unknown')
      throw new CentralError(404, 'upload-not-found', 'no e-photo record with this code', false);
    return answer;
  });
}

/**
 * GET /v1/config on the central's mutual-TLS server (wire: sync/protocol/configuration.ts): the
 * latest published configuration version, signed, to any enrolled station (the same station
 * check as the upload routes runs first, in app.ts).
 */
import type { FastifyInstance } from 'fastify';
import { CONFIG_PATH } from '../../sync/protocol/configuration';
import type { ConfigurationVersions } from '../store';
import { CentralError } from './errors';

export function registerConfigurationRoutes(app: FastifyInstance, versions: ConfigurationVersions): void {
  app.get(CONFIG_PATH, async () => {
    const latest = await versions.latest();
    if (!latest) throw new CentralError(404, 'upload-not-found', 'no configuration published', false);
    return { jws: latest.jws };
  });
}

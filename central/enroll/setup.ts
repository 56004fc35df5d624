/**
 * Wires enrollment into the reference central server when central.json has an `enrollment`
 * section: the service (codes, issuance, renewal, revocation-aware registry) and its listener.
 */
import { promises as fs } from 'node:fs';
import type { JWK } from 'jose';
import type { CentralConfig } from '../server/config';
import type { StationRegistry } from '../server/stations';
import { type RunningEnrollment, startEnrollmentListener } from './listener';
import { createEnrollmentService } from './service';

export interface CentralEnrollment {
  registry(base: StationRegistry): StationRegistry;
  renew(stationId: string, body: unknown): Promise<unknown>;
  /** Starts the enrollment listener; `url` is the mutual-TLS URL given to stations. */
  listen(url: string, logLevel?: string): Promise<RunningEnrollment>;
}

export async function prepareEnrollment(
  config: CentralConfig,
  material: { cert: string; key: string; clientCa: string; publicKeys: { encryption: JWK; receipts: JWK } },
): Promise<CentralEnrollment | undefined> {
  const settings = config.enrollment;
  if (!settings) return undefined;
  const [caKey, serverCa] = await Promise.all([
    fs.readFile(settings.caKey, 'utf8'),
    fs.readFile(settings.serverCa, 'utf8'),
  ]);
  let mtlsUrl = settings.publicUrl ?? '';
  const service = createEnrollmentService({
    dataDir: config.dataDir,
    stationCaPem: material.clientCa,
    stationCaKeyPem: caKey,
    serverCaPem: serverCa,
    serverCertPem: material.cert,
    centralPublicKeys: material.publicKeys,
    configuredStations: config.stations.map((s) => s.id),
    certificateDays: settings.certificateDays,
    url: () => mtlsUrl,
  });
  return {
    registry: (base) => service.registry(base),
    renew: (stationId, body) => service.renew(stationId, body),
    listen(url, logLevel) {
      mtlsUrl = settings.publicUrl ?? url;
      return startEnrollmentListener({
        tls: { cert: material.cert, key: material.key },
        host: settings.listen.host,
        port: settings.listen.port,
        service,
        ...(logLevel ? { logLevel } : {}),
      });
    },
  };
}

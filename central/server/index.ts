/**
 * The reference central title system: `startCentralServer` (what `recueil central serve` runs)
 * and `countCentralDossiers` (`recueil central count`).
 */
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type CentralPrivateJwks, importCentralKeys } from '../../sync/crypto/central';
import { prepareEnrollment } from '../enroll/setup';
import { CentralStore, ConfigurationVersions } from '../store';
import { buildCentralApp, type FaultInjector } from './app';
import { type CentralConfig, type CentralConfigSource, centralConfigOf } from './config';
import { createFinalizer } from './finalize';
import { OpeningWorker } from './opening-worker';
import { ReceivingFileStore } from './receiving-store';
import { stationRegistry } from './stations';
import { sweepStaleUploads } from './sweep';
import type { CentralClock } from './time-route';

export type { FaultInjector } from './app';
export { type CentralConfig, type CentralConfigInput, loadCentralConfig } from './config';

export interface RunningCentral {
  url: string;
  port: number;
  config: CentralConfig;
  /** Direct access to the store (tests, audits). */
  store: CentralStore;
  /** The enrollment listener's URL when central.json enables enrollment (sync/enroll). */
  enrollmentUrl?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Test seam (fault injection); never set in production. */
  inject?: FaultInjector;
  /** Overrides the configured port (e.g. 0 for an ephemeral one). */
  port?: number;
  logLevel?: string;
  /** Test seam: the clock `GET /v1/time` reads (a skewed central, for clock-drift tests). */
  clock?: CentralClock;
}

export async function startCentralServer(
  source: CentralConfigSource,
  options: StartOptions = {},
): Promise<RunningCentral> {
  const config = centralConfigOf(source);
  const [cert, key, clientCa, keysText] = await Promise.all([
    fs.readFile(config.tls.cert, 'utf8'),
    fs.readFile(config.tls.key, 'utf8'),
    fs.readFile(config.tls.clientCa, 'utf8'),
    fs.readFile(config.keys, 'utf8'),
  ]);
  const keys = await importCentralKeys(JSON.parse(keysText) as CentralPrivateJwks);
  const enrollment = await prepareEnrollment(config, { cert, key, clientCa, publicKeys: keys.publicKeys });
  const configured = await stationRegistry(config.stations);
  const stations = enrollment ? enrollment.registry(configured) : configured;
  const store = await CentralStore.open(config.dataDir);
  const uploadsDir = join(config.dataDir, 'uploads');
  await fs.mkdir(uploadsDir, { recursive: true, mode: 0o700 });
  // No tus expiration extension: @tus/server re-reads a finished upload to compute Upload-Expires,
  // and finalize has moved it by then. Stale unfinished uploads are swept here instead.
  const opener = new OpeningWorker(keys.decryptionKey);
  const uploads = new ReceivingFileStore({ directory: uploadsDir }, opener);
  const finalizer = createFinalizer({ store, uploads, keys, stations });
  store.counter.seedTestFixtures();
  const app = buildCentralApp({
    tls: { cert, key, clientCa },
    stations,
    finalizer,
    uploads,
    maxDossierBytes: config.limits.maxDossierBytes,
    ...(options.inject ? { inject: options.inject } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(enrollment ? { renew: enrollment.renew } : {}),
    counter: { counter: () => store.counter, rdvAuthToken: config.counterServices.rdvAuthToken },
    configuration: new ConfigurationVersions(config.dataDir),
    ...(config.ephoto ? { ephoto: { ephoto: () => store.ephoto } } : {}),
    messages: { store, signer: keys },
  });
  const sweep = () =>
    void sweepStaleUploads(uploads, config.limits.uploadExpiryHours * 3600 * 1000).catch(() => undefined);
  sweep();
  const timer = setInterval(sweep, 3600 * 1000);
  timer.unref();
  try {
    await app.listen({ host: config.listen.host, port: options.port ?? config.listen.port });
  } catch (error) {
    clearInterval(timer);
    store.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const enrollListener = await enrollment
    ?.listen(`https://${host}:${port}`, options.logLevel)
    .catch(async (error) => {
      clearInterval(timer);
      await app.close();
      store.close();
      throw error;
    });
  return {
    url: `https://${host}:${port}`,
    port,
    config,
    store,
    ...(enrollListener ? { enrollmentUrl: enrollListener.url } : {}),
    async close() {
      clearInterval(timer);
      await enrollListener?.close();
      await app.close();
      uploads.dropAll();
      await opener.close();
      store.close();
    },
  };
}

/** Distinct dossiers the central system holds (reads its database; the server may be running). */
export function countCentralDossiers(source: CentralConfigSource): number {
  return CentralStore.countIn(centralConfigOf(source).dataDir);
}

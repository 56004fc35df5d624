/**
 * `recueil demo init --dir DIR`: a self-contained loopback environment — test CA, the central
 * server's TLS certificate and keys, one enrolled station (client certificate, protected signing
 * key, pinned central material) and a free port — written as DIR/central.json and DIR/station.json.
 *
 * DEMO ONLY: the station key's passphrase is generated and kept in DIR/station/key-passphrase
 * (0600) so the demo runs with no environment; production stations use RECUEIL_KEY_PASSPHRASE or
 * the OS keychain and have no passphrase file. The CA private key is kept in DIR/pki (0600) so
 * more stations can be enrolled; a real deployment never ships it.
 *
 * Layout:
 *   pki/ca.pem, pki/ca-key.pem                 test CA (issues server and station certificates)
 *   central/tls.pem, central/tls-key.pem       server certificate (SAN 127.0.0.1, localhost)
 *   central/keys.json                          central private JWKs (decryption + receipt signing)
 *   central/ephoto-provider-key.json           the simulated e-photo provider's own signing JWK
 *   central/station-ca.pem                     CA trusted for station client certificates
 *   central-data/                              central database, stored dossiers, uploads
 *   station/central-ca.pem                     pinned CA of the central server's certificate
 *   station/central-encryption.jwk.json        pinned central public keys
 *   station/central-receipts.jwk.json
 *   station/ephoto-provider.jwk.json           pinned public key of the e-photo provider
 *   station/client.pem, station/client-key.pem station client certificate (CN = station id)
 *   station/signing-key.json                   protected station signing key (0600)
 *   station/key-passphrase                     DEMO ONLY passphrase file (0600)
 *   station-data/                              the outbox
 *
 * central.json also enables enrollment (docs/enrollment.md) on a second free port: the CA key
 * signs the certificates of stations enrolled with `recueil enroll` and a one-time code.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StationFileInput } from '../../sync/config/station-file';
import { createCentralKeys } from '../../sync/crypto/central';
import { createProviderKey } from '../../sync/crypto/provider-key';
import { createStationKeys, PASSPHRASE_ENV, passphraseProtector } from '../../sync/crypto/station';
import { freePort, json, writePrivate, writePublic } from '../../sync/demo/files';
import { createTestCa } from '../../sync/pki';
import type { CentralConfigInput } from '../server/config';

export const DEMO_STATION_ID = 'DR-DEMO-0001';

export interface ProvisionOptions {
  stationId?: string;
  townHall?: { name: string; inseeCode: string };
  /** Port of the central server; default: a free port on 127.0.0.1. */
  port?: number;
  /** Port of the enrollment listener; default: a free port on 127.0.0.1. */
  enrollmentPort?: number;
  /** Replace an existing environment (new keys: queued dossiers become undeliverable). */
  force?: boolean;
  /** scrypt cost of the station key file (tests lower it; default: the production cost). */
  scryptCost?: { N: number; r: number; p: number };
  /** Extra `central` settings merged into station.json (e.g. retry or upload tuning). */
  central?: Partial<Record<string, unknown>>;
}

export interface ProvisionedDemo {
  dir: string;
  stationConfig: string;
  centralConfig: string;
  url: string;
  stationId: string;
}

export class DemoExistsError extends Error {
  constructor(readonly dir: string) {
    super(`a demo environment already exists in ${dir} (use force to replace it)`);
    this.name = 'DemoExistsError';
  }
}

export async function provisionDemo(dir: string, options: ProvisionOptions = {}): Promise<ProvisionedDemo> {
  const stationConfig = join(dir, 'station.json');
  const centralConfig = join(dir, 'central.json');
  if (!options.force && (existsSync(stationConfig) || existsSync(centralConfig)))
    throw new DemoExistsError(dir);
  const stationId = options.stationId ?? DEMO_STATION_ID;
  const port = options.port ?? (await freePort());
  let enrollmentPort = options.enrollmentPort ?? (await freePort());
  while (enrollmentPort === port) enrollmentPort = await freePort();
  const p = (...parts: string[]) => join(dir, ...parts);

  const ca = await createTestCa();
  await writePublic(p('pki', 'ca.pem'), ca.cert);
  await writePrivate(p('pki', 'ca-key.pem'), ca.key);

  const server = await ca.issue({
    kind: 'server',
    commonName: 'recueil-central',
    ips: ['127.0.0.1', '::1'],
    dnsNames: ['localhost'],
  });
  await writePublic(p('central', 'tls.pem'), server.cert);
  await writePrivate(p('central', 'tls-key.pem'), server.key);
  await writePublic(p('central', 'station-ca.pem'), ca.cert);

  const { publicKeys, privateJwks } = await createCentralKeys();
  await writePrivate(p('central', 'keys.json'), json(privateJwks));
  await writePublic(p('station', 'central-ca.pem'), ca.cert);
  await writePublic(p('station', 'central-encryption.jwk.json'), json(publicKeys.encryption));
  await writePublic(p('station', 'central-receipts.jwk.json'), json(publicKeys.receipts));
  const ephoto = await createProviderKey();
  await writePrivate(p('central', 'ephoto-provider-key.json'), json(ephoto.privateJwk));
  await writePublic(p('station', 'ephoto-provider.jwk.json'), json(ephoto.publicJwk));

  const client = await ca.issue({ kind: 'client', commonName: stationId });
  await writePublic(p('station', 'client.pem'), client.cert);
  await writePrivate(p('station', 'client-key.pem'), client.key);

  const passphrase = randomBytes(24).toString('base64url');
  await writePrivate(p('station', 'key-passphrase'), `${passphrase}\n`);
  const enrolled = await createStationKeys({
    stationId,
    keyFile: p('station', 'signing-key.json'),
    protector: passphraseProtector({
      env: { [PASSPHRASE_ENV]: passphrase },
      ...(options.scryptCost ? { cost: options.scryptCost } : {}),
    }),
    overwrite: options.force ?? false,
  });

  const url = `https://127.0.0.1:${port}`;
  const central: CentralConfigInput = {
    listen: { host: '127.0.0.1', port },
    dataDir: 'central-data',
    tls: { cert: 'central/tls.pem', key: 'central/tls-key.pem', clientCa: 'central/station-ca.pem' },
    keys: 'central/keys.json',
    ephoto: { signingKey: 'central/ephoto-provider-key.json' },
    enrollment: {
      listen: { host: '127.0.0.1', port: enrollmentPort },
      caKey: 'pki/ca-key.pem',
      serverCa: 'pki/ca.pem',
    },
    stations: [
      {
        id: stationId,
        publicJwk: enrolled.publicJwk as NonNullable<CentralConfigInput['stations']>[number]['publicJwk'],
      },
    ],
  };
  const station: StationFileInput = {
    station: {
      id: stationId,
      townHall: options.townHall ?? { name: 'Mairie de démonstration', inseeCode: '75056' },
    },
    dataDir: 'station-data',
    central: {
      url,
      tls: { ca: 'station/central-ca.pem', cert: 'station/client.pem', key: 'station/client-key.pem' },
      centralKeys: {
        encryption: 'station/central-encryption.jwk.json',
        receipts: 'station/central-receipts.jwk.json',
      },
      signingKey: {
        file: 'station/signing-key.json',
        protector: 'passphrase',
        passphraseFile: 'station/key-passphrase',
      },
      retentionDays: 7,
      minFreeMb: 512,
      ...options.central,
    },
    counter: { ephotoProvider: 'station/ephoto-provider.jwk.json' },
    devices: { mode: 'simulated' },
  };
  await writePublic(centralConfig, json(central));
  await writePublic(stationConfig, json(station));
  return { dir, stationConfig, centralConfig, url, stationId };
}

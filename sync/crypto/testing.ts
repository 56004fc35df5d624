/** Test support: throwaway station and central keys (fast scrypt cost). Not used by production code. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK } from 'jose';
import {
  type CentralKeys,
  type CentralPrivateJwks,
  type CentralRecipient,
  createCentralKeys,
  importCentralKeys,
  importCentralPublicKeys,
} from './central-keys';
import type { StationKeyResolver } from './open';
import { passphraseProtector } from './passphrase-protector';
import { createStationKeys, loadStationKeys, type StationKeys } from './station-keys';

export const TEST_PASSPHRASE = 'correct horse battery staple';
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TestPki {
  station: StationKeys;
  central: CentralKeys;
  centralPrivateJwks: CentralPrivateJwks;
  recipient: CentralRecipient;
  resolveStation: StationKeyResolver;
  keyDir: string;
  cleanup(): void;
}

export async function testPki(stationId = 'MAIRIE-75056-01'): Promise<TestPki> {
  const keyDir = mkdtempSync(join(tmpdir(), 'recueil-keys-'));
  const protector = passphraseProtector({
    env: { RECUEIL_KEY_PASSPHRASE: TEST_PASSPHRASE },
    cost: FAST_SCRYPT,
  });
  const keyFile = join(keyDir, 'station-key.json');
  await createStationKeys({ stationId, keyFile, protector });
  const station = await loadStationKeys({ keyFile, protector });
  const { publicKeys, privateJwks } = await createCentralKeys();
  const central = await importCentralKeys(privateJwks);
  const recipient = await importCentralPublicKeys(publicKeys);
  const stationPublicKey = (await importJWK(station.publicJwk, 'ES256')) as CryptoKey;
  return {
    station,
    central,
    centralPrivateJwks: privateJwks,
    recipient,
    resolveStation: async (kid) =>
      kid === station.kid ? { stationId, publicKey: stationPublicKey } : undefined,
    keyDir,
    cleanup: () => rmSync(keyDir, { recursive: true, force: true }),
  };
}

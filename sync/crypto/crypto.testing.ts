/**
 * Test support: throwaway station and central keys (fast scrypt cost), and sealed dossiers built
 * by hand (to model a faulty or hostile station). Not used by production code.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { CompactEncrypt, CompactSign, importJWK } from 'jose';
import { sha256Hex } from '../dossier';
import {
  type CentralKeys,
  type CentralPrivateJwks,
  type CentralRecipient,
  createCentralKeys,
  importCentralKeys,
  importCentralPublicKeys,
} from './central-keys';
import { jsonBytes } from './claims';
import { encryptEnvelope } from './envelope';
import type { StationKeyResolver } from './open';
import { passphraseProtector } from './passphrase-protector';
import { encodeSealedFrame } from './sealed-frame';
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

/** A dispatch for `ciphertext`, signed by the genuine station (models a station-side bug or a re-sign). */
export function resignDispatch(
  pki: TestPki,
  ids: { dossierId: string; stationId: string },
  ciphertext: Uint8Array,
): Promise<string> {
  return new CompactSign(
    jsonBytes({
      dossierId: ids.dossierId,
      stationId: ids.stationId,
      ciphertextSha256: sha256Hex(ciphertext),
      ciphertextSize: ciphertext.length,
      iat: 1,
    }),
  )
    .setProtectedHeader({ alg: 'ES256', kid: pki.station.kid, typ: 'recueil-dispatch+jwt' })
    .sign(pki.station.privateKey);
}

/**
 * A sealed dossier built by hand around `container` (whatever it holds), attested and dispatched
 * by the genuine station, in format 2 (envelope) or 1 (JWE compact).
 */
export async function sealByHand(
  pki: TestPki,
  ids: { dossierId: string; stationId: string; kind: string },
  container: Uint8Array,
  format: 1 | 2,
): Promise<{ ciphertext: Uint8Array; dispatch: string }> {
  const attestation = await new CompactSign(
    jsonBytes({
      dossierId: ids.dossierId,
      stationId: ids.stationId,
      kind: ids.kind,
      containerSha256: sha256Hex(container),
      iat: 1,
    }),
  )
    .setProtectedHeader({ alg: 'ES256', kid: pki.station.kid, typ: 'recueil-attestation+jwt' })
    .sign(pki.station.privateKey);
  const frame = encodeSealedFrame(attestation, container);
  const ciphertext =
    format === 2
      ? (await encryptEnvelope([frame], pki.recipient)).envelope
      : Buffer.from(
          await new CompactEncrypt(frame)
            .setProtectedHeader({
              alg: 'ECDH-ES+A256KW',
              enc: 'A256GCM',
              cty: 'application/vnd.recueil.sealed-dossier',
            })
            .encrypt(pki.recipient.encryptionKey),
          'latin1',
        );
  return { ciphertext, dispatch: await resignDispatch(pki, ids, ciphertext) };
}

/** Two independent test PKIs for one test file (the second signs what the first must refuse), made before its tests and removed after. */
export function twoTestPkis(): { readonly pki: TestPki; readonly other: TestPki } {
  const pkis = {} as { pki: TestPki; other: TestPki };
  before(async () => {
    pkis.pki = await testPki();
    pkis.other = await testPki();
  });
  after(() => {
    pkis.pki.cleanup();
    pkis.other.cleanup();
  });
  return pkis;
}

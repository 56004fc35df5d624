/**
 * Station side of the envelope: seals a dossier so that only the central system can read it and
 * the central system can prove which station produced and sent it.
 *
 *   1. attestation = JWS ES256 (station key) over { dossierId, stationId, kind, containerSha256 }
 *   2. ciphertext  = JWE compact, ECDH-ES+A256KW (P-256) / A256GCM, to the central encryption key,
 *                    of the frame [attestation | canonical container]            (sign, then encrypt)
 *   3. dispatch    = JWS ES256 (station key) over { dossierId, stationId, SHA-256 and size of the
 *                    ciphertext }                                                (then sign again)
 *
 * Why both signatures: the inner attestation signs the plaintext, so the central system can show
 * an auditor who authored a dossier without relying on the ciphertext (AES-GCM is not
 * key-committing, so a signature over ciphertext alone does not pin the plaintext). The outer
 * dispatch lets the ingest side authenticate the sender and bind the dossier id to the exact
 * ciphertext before decrypting (the decryption key may live elsewhere), and names the same hash
 * the central receipt will name. Both sign small JSON statements over SHA-256 digests, so the 3 MB
 * payload is hashed, not base64-encoded a second time.
 *
 * The station cannot decrypt what it sealed: ECDH-ES derives the key-wrapping key from an
 * ephemeral key pair generated and dropped inside jose, and the content key is random and dropped
 * too; the station holds only the central system's public key. Nothing here decrypts.
 */
import { CompactEncrypt, CompactSign } from 'jose';
import { type Dossier, type DossierKind, serializeDossier, sha256Hex } from '../dossier';
import {
  CONTENT_ENCRYPTION,
  CTY_SEALED_DOSSIER,
  KEY_MANAGEMENT_ALG,
  SIGNATURE_ALG,
  TYP_ATTESTATION,
  TYP_DISPATCH,
} from './algorithms';
import type { CentralRecipient } from './central-keys';
import { type AttestationClaims, type DispatchClaims, jsonBytes } from './claims';
import { installFastBase64 } from './fast-base64';
import { encodeSealedFrame } from './sealed-frame';
import type { StationKeys } from './station-keys';

installFastBase64();

/** What the station queues and uploads: nothing in it is readable without the central key. */
export interface SealedDossier {
  dossierId: string;
  stationId: string;
  kind: DossierKind;
  /** The JWE compact serialization, as ASCII bytes: exactly what is stored and uploaded. */
  ciphertext: Uint8Array;
  /** SHA-256 (hex) of `ciphertext`, as named by the dispatch and by the central receipt. */
  ciphertextSha256: string;
  /** Station-signed dispatch statement (compact JWS). */
  dispatch: string;
}

export async function sealDossier(
  dossier: Dossier,
  station: StationKeys,
  central: CentralRecipient,
  options: { now?: () => Date } = {},
): Promise<SealedDossier> {
  if (dossier.stationId !== station.stationId) {
    throw new Error(`dossier belongs to station ${dossier.stationId}, keys to ${station.stationId}`);
  }
  const iat = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const container = serializeDossier(dossier);

  const attestationClaims: AttestationClaims = {
    dossierId: dossier.id,
    stationId: station.stationId,
    kind: dossier.kind,
    containerSha256: container.sha256,
    iat,
  };
  const attestation = await new CompactSign(jsonBytes(attestationClaims))
    .setProtectedHeader({ alg: SIGNATURE_ALG, kid: station.kid, typ: TYP_ATTESTATION })
    .sign(station.privateKey);

  const jwe = await new CompactEncrypt(encodeSealedFrame(attestation, container.bytes))
    .setProtectedHeader({
      alg: KEY_MANAGEMENT_ALG,
      enc: CONTENT_ENCRYPTION,
      kid: central.encryptionKid,
      cty: CTY_SEALED_DOSSIER,
    })
    .encrypt(central.encryptionKey);
  const ciphertext = new Uint8Array(Buffer.from(jwe, 'latin1'));
  const ciphertextSha256 = sha256Hex(ciphertext);

  const dispatchClaims: DispatchClaims = {
    dossierId: dossier.id,
    stationId: station.stationId,
    ciphertextSha256,
    ciphertextSize: ciphertext.length,
    iat,
  };
  const dispatch = await new CompactSign(jsonBytes(dispatchClaims))
    .setProtectedHeader({ alg: SIGNATURE_ALG, kid: station.kid, typ: TYP_DISPATCH })
    .sign(station.privateKey);

  return {
    dossierId: dossier.id,
    stationId: station.stationId,
    kind: dossier.kind,
    ciphertext,
    ciphertextSha256,
    dispatch,
  };
}

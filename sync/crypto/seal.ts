/**
 * Station side of the envelope: seals a dossier so that only the central system can read it and
 * the central system can prove which station produced and sent it.
 *
 *   1. attestation = JWS ES256 (station key) over { dossierId, stationId, kind, containerSha256 }
 *   2. ciphertext  = sealed envelope (envelope.ts): the content key JWE-encrypted with
 *                    ECDH-ES+A256KW (P-256) to the central encryption key, and the frame
 *                    [attestation | canonical container] under AES-256-GCM with that key, binary
 *                                                                                (sign, then encrypt)
 *   3. dispatch    = JWS ES256 (station key) over { dossierId, stationId, SHA-256 and size of the
 *                    ciphertext }                                                (then sign again)
 *
 * Why both signatures: the inner attestation signs the plaintext, so the central system can show
 * an auditor who authored a dossier without relying on the ciphertext (AES-GCM is not
 * key-committing, so a signature over ciphertext alone does not pin the plaintext). The outer
 * dispatch lets the ingest side authenticate the sender and bind the dossier id to the exact
 * ciphertext before decrypting (the decryption key may live elsewhere), and names the same hash
 * the central receipt will name. Both sign small JSON statements over SHA-256 digests, so the 3 MB
 * payload is hashed, never base64-encoded. Sealing a 3 MB dossier makes one 3 MB buffer (the
 * envelope, possibly lent by the caller; the container is encrypted part by part, never assembled) and one pass each of part
 * validation, container SHA-256, and AES-GCM with the ciphertext SHA-256.
 *
 * The station cannot decrypt what it sealed: ECDH-ES derives the key-wrapping key from an
 * ephemeral key pair generated and dropped inside jose, and the content key is random and zeroed
 * after use; the station holds only the central system's public key. Nothing here decrypts.
 */
import { CompactSign } from 'jose';
import { type Dossier, type DossierKind, serializeDossierChunks } from '../dossier';
import { SIGNATURE_ALG, TYP_ATTESTATION, TYP_DISPATCH } from './algorithms';
import type { CentralRecipient } from './central-keys';
import { type AttestationClaims, type DispatchClaims, jsonBytes } from './claims';
import { encryptEnvelope } from './envelope';
import { sealedFrameHead } from './sealed-frame';
import type { StationKeys } from './station-keys';

/** What the station queues and uploads: nothing in it is readable without the central key. */
export interface SealedDossier {
  dossierId: string;
  stationId: string;
  kind: DossierKind;
  /** The sealed envelope (envelope.ts): exactly what is stored and uploaded. */
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
  options: {
    now?: () => Date;
    /** Lends the envelope's buffer (see encryptEnvelope); the sealed ciphertext is then a view of it. */
    into?: (size: number) => Buffer;
  } = {},
): Promise<SealedDossier> {
  if (dossier.stationId !== station.stationId) {
    throw new Error(`dossier belongs to station ${dossier.stationId}, keys to ${station.stationId}`);
  }
  const iat = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const container = serializeDossierChunks(dossier);

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

  const { envelope: ciphertext, sha256: ciphertextSha256 } = await encryptEnvelope(
    [sealedFrameHead(attestation), ...container.chunks],
    central,
    { into: options.into },
  );

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

/**
 * Central side of the envelope (reference server): authenticates the dispatch, checks the
 * ciphertext hash, decrypts (the sealed envelope of envelope.ts; format 1, a JWE compact
 * serialization of the frame, is still accepted for dossiers queued by earlier versions),
 * verifies the inner attestation and every manifest hash, and checks that all statements name the
 * same dossier and station. Any failure is a SealedDossierRejected
 * with a reason the server can report (all are permanent for that ciphertext).
 */
import { compactDecrypt } from 'jose';
import { type Dossier, type Manifest, parseDossier, sha256Hex } from '../dossier';
import {
  CONTENT_ENCRYPTION,
  CTY_SEALED_DOSSIER,
  KEY_MANAGEMENT_ALG,
  TYP_ATTESTATION,
  TYP_DISPATCH,
} from './algorithms';
import { AttestationClaims, DispatchClaims } from './claims';
import { decryptEnvelope, isEnvelope } from './envelope';
import { installFastBase64 } from './fast-base64';
import { decodeSealedFrame } from './sealed-frame';
import { SignedJsonRejected, verifySignedJson } from './signed-json';

installFastBase64();

export type RejectionReason =
  | 'bad-dispatch'
  | 'unknown-station'
  | 'bad-dispatch-signature'
  | 'ciphertext-mismatch'
  | 'decryption-failed'
  | 'bad-attestation'
  | 'invalid-dossier'
  | 'identity-mismatch';

export class SealedDossierRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${reason}: ${message}`, options);
    this.name = 'SealedDossierRejected';
  }
}

/** Looks up an enrolled station by key id; undefined when unknown or revoked. */
export type StationKeyResolver = (
  kid: string,
) => Promise<{ stationId: string; publicKey: CryptoKey } | undefined>;

export interface VerifiedDispatch {
  claims: DispatchClaims;
  kid: string;
}

export interface OpenedDossier {
  dossier: Dossier;
  manifest: Manifest;
  dispatch: DispatchClaims;
  /** Kept by the central system as proof of authorship. */
  attestation: string;
}

const reject = (reason: RejectionReason, message: string, cause?: unknown): never => {
  throw new SealedDossierRejected(reason, message, cause === undefined ? undefined : { cause });
};

/** Step 1, no decryption key needed: who sent this ciphertext, and is it the one they signed? */
export async function verifyDispatch(
  ciphertext: Uint8Array,
  dispatch: string,
  resolveStation: StationKeyResolver,
): Promise<VerifiedDispatch & { stationKey: CryptoKey }> {
  return verifyDispatchDigest(
    { size: ciphertext.length, sha256: () => sha256Hex(ciphertext) },
    dispatch,
    resolveStation,
  );
}

/**
 * Step 1 on what a receiver measured while the bytes streamed in (size and SHA-256, hex):
 * open-stream.ts hashes as bytes arrive instead of holding the whole ciphertext.
 */
export async function verifyDispatchDigest(
  received: { size: number; sha256: string | (() => string) },
  dispatch: string,
  resolveStation: StationKeyResolver,
): Promise<VerifiedDispatch & { stationKey: CryptoKey }> {
  // The station the kid names, found while the signature is being checked (its key verifies it).
  const signer: { station?: { stationId: string; publicKey: CryptoKey } } = {};
  let verified: { claims: DispatchClaims; kid: string | undefined };
  try {
    verified = await verifySignedJson(dispatch, TYP_DISPATCH, DispatchClaims, async (kid) => {
      if (!kid) return reject('bad-dispatch', 'no key id');
      signer.station = await resolveStation(kid);
      if (!signer.station) return reject('unknown-station', `no enrolled station with key ${kid}`);
      return signer.station.publicKey;
    });
  } catch (cause) {
    if (cause instanceof SealedDossierRejected || !(cause instanceof SignedJsonRejected)) throw cause;
    if (cause.fault === 'signature')
      return reject('bad-dispatch-signature', 'dispatch signature does not verify', cause);
    if (cause.fault === 'claims') return reject('bad-dispatch', 'dispatch claims are invalid', cause);
    return reject(
      'bad-dispatch',
      cause.fault === 'header' ? 'not a compact JWS' : 'unexpected header',
      cause,
    );
  }
  const { claims } = verified;
  const kid = verified.kid!; // the resolver refused a dispatch without one
  const station = signer.station!; // and one whose station it did not find
  if (claims.stationId !== station.stationId) reject('identity-mismatch', 'dispatch names another station');
  if (
    claims.ciphertextSize !== received.size ||
    claims.ciphertextSha256 !== (typeof received.sha256 === 'string' ? received.sha256 : received.sha256())
  ) {
    reject('ciphertext-mismatch', 'ciphertext is not the one the station signed');
  }
  return { claims, kid, stationKey: station.publicKey };
}

/** Steps 2-4: decrypt, verify the attestation and the container. */
export async function openSealedDossier(
  input: { ciphertext: Uint8Array; dispatch: string },
  options: { decryptionKey: CryptoKey; resolveStation: StationKeyResolver },
): Promise<OpenedDossier> {
  const { claims, kid, stationKey } = await verifyDispatch(
    input.ciphertext,
    input.dispatch,
    options.resolveStation,
  );

  let frame: Uint8Array;
  if (isEnvelope(input.ciphertext)) {
    try {
      frame = await decryptEnvelope(input.ciphertext, options.decryptionKey);
    } catch (cause) {
      return reject('decryption-failed', 'ciphertext does not decrypt with the central key', cause);
    }
  } else
    try {
      // Format 1 (a JWE compact serialization of the frame), as queued by earlier stations.
      const jwe = Buffer.from(
        input.ciphertext.buffer,
        input.ciphertext.byteOffset,
        input.ciphertext.byteLength,
      ).toString('latin1');
      const result = await compactDecrypt(jwe, options.decryptionKey, {
        keyManagementAlgorithms: [KEY_MANAGEMENT_ALG],
        contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
      });
      if (result.protectedHeader.cty !== CTY_SEALED_DOSSIER)
        reject('decryption-failed', 'unexpected content type');
      frame = result.plaintext;
    } catch (cause) {
      if (cause instanceof SealedDossierRejected) throw cause;
      return reject('decryption-failed', 'ciphertext does not decrypt with the central key', cause);
    }

  return openFrame(frame, { claims, kid, stationKey });
}

/**
 * Steps 3-4, on the decrypted sealed-dossier frame: the attestation (signed by the dispatch's
 * key), the container hash it names, the container itself (manifest and every part hash) and the
 * identities. The dossier's part bytes are views into `frame`.
 */
export async function openFrame(
  frame: Uint8Array,
  verified: VerifiedDispatch & { stationKey: CryptoKey },
): Promise<OpenedDossier> {
  const { claims, kid, stationKey } = verified;
  let attestation: string;
  let container: Uint8Array;
  try {
    ({ attestation, container } = decodeSealedFrame(frame));
  } catch (cause) {
    return reject('bad-attestation', 'malformed sealed frame', cause);
  }
  let attested: AttestationClaims;
  try {
    ({ claims: attested } = await verifySignedJson(attestation, TYP_ATTESTATION, AttestationClaims, (k) =>
      k === kid ? stationKey : undefined,
    ));
  } catch (cause) {
    return reject('bad-attestation', 'attestation does not verify', cause);
  }
  if (attested.containerSha256 !== sha256Hex(container)) reject('bad-attestation', 'container hash differs');

  let parsed: ReturnType<typeof parseDossier>;
  try {
    parsed = parseDossier(container);
  } catch (cause) {
    return reject('invalid-dossier', cause instanceof Error ? cause.message : 'invalid container', cause);
  }
  const { dossier } = parsed;
  if (
    attested.dossierId !== claims.dossierId ||
    dossier.id !== claims.dossierId ||
    attested.stationId !== claims.stationId ||
    dossier.stationId !== claims.stationId ||
    dossier.kind !== attested.kind
  ) {
    reject('identity-mismatch', 'dispatch, attestation and dossier disagree');
  }
  return { dossier, manifest: parsed.manifest, dispatch: claims, attestation };
}

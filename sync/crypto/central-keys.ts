/**
 * The central title system's keys: an ECDH-ES P-256 key that dossiers are encrypted to, and an
 * ES256 key that signs receipts (two keys: one purpose each). `createCentralKeys` is for the
 * reference server and tests; a station only ever receives the public halves, at enrollment, and
 * `importCentralPublicKeys` refuses anything that carries a private part.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { KEY_AGREEMENT_CURVE, KEY_MANAGEMENT_ALG, SIGNATURE_ALG } from './algorithms';
import { installFastBase64 } from './fast-base64';

installFastBase64();

export interface CentralPublicKeys {
  encryption: JWK;
  receipts: JWK;
}

export interface CentralPrivateJwks {
  encryption: JWK;
  receipts: JWK;
}

/** What the station holds about the central system. */
export interface CentralRecipient {
  encryptionKey: CryptoKey;
  encryptionKid: string;
  receiptKey: CryptoKey;
  receiptKid: string;
}

/** What the central system holds (reference server). */
export interface CentralKeys {
  decryptionKey: CryptoKey;
  encryptionKid: string;
  receiptSigningKey: CryptoKey;
  receiptKid: string;
  publicKeys: CentralPublicKeys;
}

/** A public EC P-256 JWK; a private part is refused. */
export const PublicEcJwk = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.never({ error: 'a private key must never be given to the station' }).optional(),
});

/** The public half of `jwk` with its RFC 7638 thumbprint as kid, its algorithm and use. */
export async function describe(jwk: JWK, alg: string, use: 'enc' | 'sig'): Promise<JWK> {
  const pub = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { ...pub, kid: await calculateJwkThumbprint(pub), alg, use };
}

export async function createCentralKeys(): Promise<{
  publicKeys: CentralPublicKeys;
  privateJwks: CentralPrivateJwks;
}> {
  const enc = await generateKeyPair(KEY_MANAGEMENT_ALG, { crv: KEY_AGREEMENT_CURVE, extractable: true });
  const sig = await generateKeyPair(SIGNATURE_ALG, { extractable: true });
  const encJwk = await exportJWK(enc.privateKey);
  const sigJwk = await exportJWK(sig.privateKey);
  const encryption = await describe(encJwk, KEY_MANAGEMENT_ALG, 'enc');
  const receipts = await describe(sigJwk, SIGNATURE_ALG, 'sig');
  return {
    publicKeys: { encryption, receipts },
    privateJwks: { encryption: { ...encJwk, ...encryption }, receipts: { ...sigJwk, ...receipts } },
  };
}

export async function importCentralKeys(privateJwks: CentralPrivateJwks): Promise<CentralKeys> {
  const { d: _e, ...encPub } = privateJwks.encryption;
  const { d: _s, ...sigPub } = privateJwks.receipts;
  const publicKeys = {
    encryption: await describe(encPub, KEY_MANAGEMENT_ALG, 'enc'),
    receipts: await describe(sigPub, SIGNATURE_ALG, 'sig'),
  };
  return {
    decryptionKey: (await importJWK(privateJwks.encryption, KEY_MANAGEMENT_ALG)) as CryptoKey,
    encryptionKid: publicKeys.encryption.kid!,
    receiptSigningKey: (await importJWK(privateJwks.receipts, SIGNATURE_ALG)) as CryptoKey,
    receiptKid: publicKeys.receipts.kid!,
    publicKeys,
  };
}

export async function importCentralPublicKeys(publicKeys: CentralPublicKeys): Promise<CentralRecipient> {
  const encryption = PublicEcJwk.parse(publicKeys.encryption) as JWK;
  const receipts = PublicEcJwk.parse(publicKeys.receipts) as JWK;
  const encryptionPub = await describe(encryption, KEY_MANAGEMENT_ALG, 'enc');
  const receiptsPub = await describe(receipts, SIGNATURE_ALG, 'sig');
  return {
    encryptionKey: (await importJWK(encryptionPub, KEY_MANAGEMENT_ALG)) as CryptoKey,
    encryptionKid: encryptionPub.kid!,
    receiptKey: (await importJWK(receiptsPub, SIGNATURE_ALG)) as CryptoKey,
    receiptKid: receiptsPub.kid!,
  };
}

/**
 * The ES256 key of a third party whose documents the station checks but which is not the central
 * system: the e-photo provider (an approved booth's or photographer's server). It has its own key,
 * never the central's receipt key, so a compromise of one cannot forge the other. The provider
 * (the reference central's simulation, tests) creates it; the station pins the public half and
 * `importProviderPublicKey` refuses anything that carries a private part.
 */
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { SIGNATURE_ALG } from './algorithms';
import type { CentralSigner, CentralVerifier } from './central-document';
import { describe, PublicEcJwk } from './central-keys';
import { installFastBase64 } from './fast-base64';

installFastBase64();

/**
 * A provider's key in the shapes the central-document signer and verifier take (one JWS code path
 * for every signed document the station receives; the `typ` keeps the kinds apart).
 */
export type ProviderSigner = CentralSigner;
export type ProviderVerifier = CentralVerifier;

export async function createProviderKey(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const pair = await generateKeyPair(SIGNATURE_ALG, { extractable: true });
  const jwk = await exportJWK(pair.privateKey);
  const publicJwk = await describe(jwk, SIGNATURE_ALG, 'sig');
  return { privateJwk: { ...jwk, ...publicJwk }, publicJwk };
}

export async function importProviderSigner(privateJwk: JWK): Promise<ProviderSigner> {
  const { d: _d, ...pub } = privateJwk;
  const described = await describe(pub, SIGNATURE_ALG, 'sig');
  return {
    receiptSigningKey: (await importJWK(privateJwk, SIGNATURE_ALG)) as CryptoKey,
    receiptKid: described.kid!,
  };
}

export async function importProviderPublicKey(publicJwk: unknown): Promise<ProviderVerifier> {
  const described = await describe(PublicEcJwk.parse(publicJwk) as JWK, SIGNATURE_ALG, 'sig');
  return {
    receiptKey: (await importJWK(described, SIGNATURE_ALG)) as CryptoKey,
    receiptKid: described.kid!,
  };
}

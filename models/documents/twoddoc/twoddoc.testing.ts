/**
 * Test support for 2D-DOC: the project's own test authority (FR99, certificate T001), a self-signed
 * P-256 certificate made in code, and a signed trust list holding it. Never part of a product bundle.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import '../../../common/reflect-metadata';
import * as x509 from '@peculiar/x509';
import { encodeTwoDDoc } from './encode';
import { signTrustList, type TrustListPayload } from './trust';

export interface TestAuthority {
  authority: string;
  certificate: string;
  privateKey: KeyObject;
  certificatePem: string;
}

export async function makeTestAuthority(authority = 'FR99', certificate = 'T001'): Promise<TestAuthority> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=Recueil test 2D-DOC authority ${authority} ${certificate}`,
    notBefore: new Date('2020-01-01T00:00:00Z'),
    notAfter: new Date('2040-01-01T00:00:00Z'),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
  const { createPrivateKey } = await import('node:crypto');
  return {
    authority,
    certificate,
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
    certificatePem: cert.toString('pem'),
  };
}

/** A trust-list signer key pair (the central system's role). */
export function makeTrustListSigner(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

export function trustListPayload(
  authorities: readonly TestAuthority[],
  options: { revoked?: readonly TestAuthority[]; expiresAt?: string; version?: number } = {},
): TrustListPayload {
  return {
    format: 'recueil-2ddoc-trust-list',
    version: options.version ?? 1,
    issuedAt: '2026-01-01T00:00:00Z',
    expiresAt: options.expiresAt ?? '2099-01-01T00:00:00Z',
    certificates: authorities.map((a) => ({
      authority: a.authority,
      certificate: a.certificate,
      pem: a.certificatePem,
    })),
    revoked: (options.revoked ?? []).map((a) => ({
      authority: a.authority,
      certificate: a.certificate,
      revokedAt: '2026-06-01T00:00:00Z',
    })),
  };
}

export async function signedTrustList(
  authorities: readonly TestAuthority[],
  options: Parameters<typeof trustListPayload>[1] = {},
  signer = makeTrustListSigner(),
): Promise<string> {
  return signTrustList(trustListPayload(authorities, options), signer.privateKey, signer.publicKey);
}

/** A genuine proof of address (type 00) signed by `authority`: M/MARTIN/PAUL, 12 RUE DES LILAS, 69001 LYON. */
export function sampleProofOfAddress(authority: TestAuthority): string {
  return encodeTwoDDoc(
    {
      authority: authority.authority,
      certificate: authority.certificate,
      issued: '2026-11-02',
      signed: '2026-11-02',
      type: '00',
      fields: { '10': 'M/MARTIN/PAUL', '22': '12 RUE DES LILAS', '24': '69001', '25': 'LYON', '26': 'FR' },
    },
    authority.privateKey,
  );
}

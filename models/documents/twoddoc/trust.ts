/**
 * The 2D-DOC trust list cached on the station: the certificates of the issuing authorities by
 * authority id and certificate id, with their revocations. Two sources:
 * - the project's trust-list file, a compact JWS (ES256) whose payload is the list (format in
 *   docs/2ddoc.md), signed by the central system; refused when its signature is bad, when its signer
 *   is not the pinned one (when a pin is given), or when it has expired;
 * - a directory of PEM certificates named `<authority>_<certificate id>.pem` (technician use).
 */
import { createHash, type KeyObject, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, compactVerify, EmbeddedJWK, exportJWK, type JWK } from 'jose';
import { z } from 'zod';

export interface TrustEntry {
  authority: string;
  certificate: string;
  certificatePem: string;
  notBefore: Date;
  notAfter: Date;
  revoked: boolean;
}

export class TrustListError extends Error {
  constructor(
    readonly code: 'TRUST_LIST_INVALID' | 'TRUST_LIST_SIGNATURE' | 'TRUST_LIST_EXPIRED' | 'TRUST_LIST_SIGNER',
    readonly messageFr: string,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'TrustListError';
  }
}

export class TrustList {
  private readonly entries = new Map<string, TrustEntry>();

  constructor(
    entries: readonly TrustEntry[],
    /** Where it came from, for diagnostics: version and signer of a signed list. */
    readonly source:
      | { kind: 'signed-list'; version: number; signer: string; expiresAt: string }
      | { kind: 'directory'; path: string }
      | { kind: 'empty' },
  ) {
    for (const e of entries) this.entries.set(`${e.authority}/${e.certificate}`, e);
  }

  static empty(): TrustList {
    return new TrustList([], { kind: 'empty' });
  }

  find(authority: string, certificate: string): TrustEntry | undefined {
    return this.entries.get(`${authority}/${certificate}`);
  }

  get size(): number {
    return this.entries.size;
  }
}

function entryFromPem(authority: string, certificate: string, pem: string, revoked: boolean): TrustEntry {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (error) {
    throw new TrustListError(
      'TRUST_LIST_INVALID',
      'Liste de confiance 2D-DOC illisible : un certificat est invalide.',
      `certificate ${authority}/${certificate}: ${(error as Error).message}`,
    );
  }
  if (cert.publicKey.asymmetricKeyType !== 'ec') {
    throw new TrustListError(
      'TRUST_LIST_INVALID',
      'Liste de confiance 2D-DOC illisible : un certificat n’a pas de clé ECDSA.',
      `certificate ${authority}/${certificate} is not an EC key`,
    );
  }
  return {
    authority,
    certificate,
    certificatePem: cert.toString(),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    revoked,
  };
}

const PEM_NAME = /^([0-9A-Z]{4})_([0-9A-Z]{1,20})\.pem$/;

/** A directory of `<authority>_<certificate id>.pem` files. */
export function loadTrustDirectory(dir: string): TrustList {
  const entries: TrustEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    const m = PEM_NAME.exec(name);
    if (!m) continue;
    entries.push(entryFromPem(m[1]!, m[2]!, readFileSync(join(dir, name), 'utf8'), false));
  }
  return new TrustList(entries, { kind: 'directory', path: dir });
}

export const TrustListPayload = z
  .object({
    format: z.literal('recueil-2ddoc-trust-list'),
    version: z.number().int().positive(),
    issuedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    certificates: z
      .array(
        z
          .object({
            authority: z.string().regex(/^[0-9A-Z]{4}$/),
            certificate: z.string().regex(/^[0-9A-Z]{1,20}$/),
            pem: z.string().max(20_000),
          })
          .strict(),
      )
      .max(10_000),
    revoked: z
      .array(
        z
          .object({
            authority: z.string().regex(/^[0-9A-Z]{4}$/),
            certificate: z.string().regex(/^[0-9A-Z]{1,20}$/),
            revokedAt: z.iso.datetime(),
          })
          .strict(),
      )
      .max(10_000),
  })
  .strict();
export type TrustListPayload = z.infer<typeof TrustListPayload>;

/** SHA-256 of the signer's JWK thumbprint input (crv, kty, x, y), hex: what a station pins. */
export function signerFingerprint(jwk: JWK): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Reads and checks a signed trust-list file. `pinnedSigner` is the expected signer fingerprint. */
export async function loadSignedTrustList(
  jws: string,
  options: { pinnedSigner?: string; now?: Date } = {},
): Promise<TrustList> {
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(jws.trim(), EmbeddedJWK, { algorithms: ['ES256'] });
  } catch (error) {
    throw new TrustListError(
      'TRUST_LIST_SIGNATURE',
      'Liste de confiance 2D-DOC refusée : sa signature est invalide. L’ancienne liste est conservée.',
      (error as Error).message,
    );
  }
  const signer = signerFingerprint(verified.protectedHeader.jwk as JWK);
  if (options.pinnedSigner && signer !== options.pinnedSigner.toLowerCase()) {
    throw new TrustListError(
      'TRUST_LIST_SIGNER',
      'Liste de confiance 2D-DOC refusée : elle n’est pas signée par le système central. L’ancienne liste est conservée.',
      `signer ${signer} is not the pinned ${options.pinnedSigner}`,
    );
  }
  let payload: TrustListPayload;
  try {
    payload = TrustListPayload.parse(JSON.parse(new TextDecoder().decode(verified.payload)));
  } catch (error) {
    throw new TrustListError(
      'TRUST_LIST_INVALID',
      'Liste de confiance 2D-DOC illisible : format inattendu.',
      (error as Error).message,
    );
  }
  if (new Date(payload.expiresAt) < (options.now ?? new Date())) {
    throw new TrustListError(
      'TRUST_LIST_EXPIRED',
      `Liste de confiance 2D-DOC expirée depuis le ${payload.expiresAt.slice(0, 10)} : synchronisez le poste pour la mettre à jour.`,
      `expired at ${payload.expiresAt}`,
    );
  }
  const revoked = new Set(payload.revoked.map((r) => `${r.authority}/${r.certificate}`));
  const entries = payload.certificates.map((c) =>
    entryFromPem(c.authority, c.certificate, c.pem, revoked.has(`${c.authority}/${c.certificate}`)),
  );
  return new TrustList(entries, {
    kind: 'signed-list',
    version: payload.version,
    signer,
    expiresAt: payload.expiresAt,
  });
}

/** Signs a trust list (the central system's side, demos and tests). */
export async function signTrustList(
  payload: TrustListPayload,
  privateKey: KeyObject,
  publicKey: KeyObject,
): Promise<string> {
  const jwk = await exportJWK(publicKey);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(TrustListPayload.parse(payload))))
    .setProtectedHeader({ alg: 'ES256', jwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x!, y: jwk.y! } })
    .sign(privateKey);
}

/** `--trust FILE|DIR`: a directory of PEM files, or a signed trust-list file. */
export async function loadTrust(
  path: string,
  options: { pinnedSigner?: string; now?: Date } = {},
): Promise<TrustList> {
  if (statSync(path).isDirectory()) return loadTrustDirectory(path);
  return loadSignedTrustList(readFileSync(path, 'utf8'), options);
}

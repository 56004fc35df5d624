/**
 * The enrollment protocol shared by the station (`recueil enroll`) and the central system's
 * enrollment listener, so they cannot drift.
 *
 *   POST /v1/enroll  (enrollment listener: server-authenticated TLS only, no client certificate)
 *        { codeProof, csr, stationId? } -> 200 { payload, mac } | 401/409/410/429 { error, message }
 *   POST /v1/renew   (mTLS listener, current client certificate)
 *        { csr } -> 200 { certificate, notAfter } | 403 { error: "station-revoked" }
 *
 * The one-time code is never sent. Both sides derive a key from it (`codeKey`, the central keeps
 * only that hash) and the station proves it knows the code with an HMAC over the SHA-256
 * fingerprint of the TLS certificate it actually sees and the CSR (`requestProof`): a
 * man-in-the-middle presenting another certificate gets a proof the real central refuses and
 * learns nothing usable. The central MACs its answer with the same key (`responseMac`), which
 * authenticates the pinned material (CA, central public keys) even without `--ca`.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PublicJwk } from '../config/settings';

export const ENROLL_PATH = '/v1/enroll';
export const RENEW_PATH = '/v1/renew';

/** Crockford base32 (no I, L, O, U): easy to read aloud and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 symbols = 100 bits: out of reach of an offline search within the code's lifetime. */
export const CODE_LENGTH = 20;

export function formatCode(symbols: string): string {
  return symbols.match(/.{1,4}/g)?.join('-') ?? symbols;
}

/** Canonical form of a typed code (case, dashes and spaces ignored; O->0, I/L->1), or undefined. */
export function normalizeCode(typed: string): string | undefined {
  const value = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (value.length !== CODE_LENGTH) return undefined;
  for (const c of value) if (!ALPHABET.includes(c)) return undefined;
  return value;
}

export function randomCode(random: (n: number) => Buffer): string {
  const bytes = random(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** The key both sides derive from a normalized code; the central stores only this (hex). */
export function codeKey(code: string): Buffer {
  return createHmac('sha256', 'recueil-enroll-v1 code').update(code).digest();
}

/** Lower-case hex SHA-256 of a certificate's DER, from node's "AA:BB:..." form or plain hex. */
export function normalizeFingerprint(value: string): string {
  return value.replace(/:/g, '').toLowerCase();
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Binds the code to the server certificate seen, the CSR and the signing key (its RFC 7638 kid). */
export function requestProof(
  key: Buffer,
  serverFingerprint: string,
  csrPem: string,
  signingKid: string,
): string {
  return createHmac('sha256', key)
    .update(
      `recueil-enroll-v1 request\n${normalizeFingerprint(serverFingerprint)}\n${sha256(csrPem)}\n${signingKid}`,
    )
    .digest('base64url');
}

export function responseMac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`recueil-enroll-v1 response\n${payload}`).digest('base64url');
}

export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const EnrollRequest = z.strictObject({
  codeProof: z.string().min(20).max(100),
  csr: z.string().min(100).max(8192),
  /** The station's public signing key (dispatch signatures), registered with the station. */
  signingJwk: PublicJwk,
  /** The id the station asks for when the code is not bound to one (its configured id). */
  stationId: z.string().max(64).optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

/** What the central hands a newly enrolled station (the MACed `payload`). */
export const EnrollPayload = z.strictObject({
  stationId: z.string().min(1),
  /** The station's client certificate (PEM, CN = station id). */
  certificate: z.string().min(1),
  notAfter: z.string(),
  /** CA chain of the station certificate (PEM), for information. */
  stationCa: z.string().min(1),
  /** The CA that issued the central server's certificate: the only one the station will trust. */
  serverCa: z.string().min(1),
  /** Where to sync (the mutual-TLS listener). */
  url: z.url({ protocol: /^https$/ }),
  centralKeys: z.strictObject({ encryption: PublicJwk, receipts: PublicJwk }),
});
export type EnrollPayload = z.infer<typeof EnrollPayload>;

export const EnrollResponse = z.strictObject({ payload: z.string(), mac: z.string() });

export const RenewRequest = z.strictObject({ csr: z.string().min(100).max(8192) });
export const RenewResponse = z.strictObject({ certificate: z.string().min(1), notAfter: z.string() });

export type EnrollErrorCode =
  | 'enrollment-code-invalid'
  | 'enrollment-code-used'
  | 'enrollment-code-expired'
  | 'station-exists'
  | 'station-id-required'
  | 'station-id-mismatch'
  | 'too-many-attempts'
  | 'bad-request';

export interface EnrollErrorBody {
  error: EnrollErrorCode | 'station-revoked' | 'station-not-enrolled' | 'internal';
  message: string;
}

/**
 * Card-verifiable certificates of EAC (BSI TR-03110-3 App. C, ICAO 9303-11 §7.1): parse, build and
 * verify. 7F21 { 7F4E body { 5F29 profile, 42 CAR, 7F49 public key, 5F20 CHR, 7F4C CHAT,
 * 5F25 effective date, 5F24 expiry date, [65 extensions] }, 5F37 signature (plain r||s) }.
 * ECDSA only (id-TA-ECDSA-SHA-*); RSA terminal keys are reported as unsupported. Domain parameters
 * appear in CVCA certificates only: DV and IS certificates inherit them. Hand-written (product core).
 */
import { FrameError } from '../../../core/errors';
import { type CurveParams, curves, identifyCurve } from '../crypto/curves';
import type { RandomSource } from '../crypto/ec';
import { decodePoint, type Point } from '../crypto/ec';
import { ecdsaSign, ecdsaVerify, type HashName } from '../crypto/ecdsa';
import { bigIntToBytes, bytesToBigInt, decodeOid, encodeOidValue } from '../tlv/asn1';
import { children, encodeTlv, expectTlv, findTlv, requireTlv } from '../tlv/tlv';

export const OID_TA_ECDSA = '0.4.0.127.0.7.2.2.2.2';
export const OID_ROLE_IS = '0.4.0.127.0.7.3.1.2.1';

export const taHashes: Record<string, HashName> = {
  [`${OID_TA_ECDSA}.1`]: 'sha1',
  [`${OID_TA_ECDSA}.2`]: 'sha224',
  [`${OID_TA_ECDSA}.3`]: 'sha256',
  [`${OID_TA_ECDSA}.4`]: 'sha384',
  [`${OID_TA_ECDSA}.5`]: 'sha512',
};

export type CvRole = 'cvca' | 'dv-domestic' | 'dv-foreign' | 'is';

export interface CvPublicKey {
  oid: string;
  hash?: HashName;
  /** Domain parameters when the certificate carries them (CVCA). */
  domain?: CurveParams;
  /** Uncompressed point (86). */
  point: Uint8Array;
}

export interface CvCertificate {
  raw: Uint8Array;
  /** The 7F4E object as encoded (what the signature covers). */
  body: Uint8Array;
  /** The 5F37 object as encoded. */
  signatureObject: Uint8Array;
  signature: Uint8Array;
  profileId: number;
  car: string;
  chr: string;
  publicKey: CvPublicKey;
  chat: { roleOid: string; role: CvRole; rights: number; dg3: boolean; dg4: boolean; template: Uint8Array };
  /** ISO dates (YYYY-MM-DD). */
  effectiveDate: string;
  expirationDate: string;
}

const roles: CvRole[] = ['is', 'dv-foreign', 'dv-domestic', 'cvca'];

function decodeDate(bytes: Uint8Array, what: string): string {
  if (bytes.length !== 6 || bytes.some((b) => b > 9))
    throw new FrameError('UNEXPECTED', `CV certificate: bad ${what}`);
  const d = [...bytes].join('');
  return `20${d.slice(0, 2)}-${d.slice(2, 4)}-${d.slice(4, 6)}`;
}

export function encodeDate(iso: string): Uint8Array {
  const m = /^20(\d\d)-(\d\d)-(\d\d)$/.exec(iso);
  if (!m) throw new RangeError(`bad CV date ${iso}`);
  return Uint8Array.from(`${m[1]}${m[2]}${m[3]}`, (c) => Number(c));
}

const text = (b: Uint8Array) => String.fromCharCode(...b);

export function parseCvCertificate(bytes: Uint8Array): CvCertificate {
  const outer = expectTlv(bytes, 0x7f21, 'CV certificate');
  const parts = children(outer);
  const body = requireTlv(parts, 0x7f4e, 'CV certificate');
  const signature = requireTlv(parts, 0x5f37, 'CV certificate');
  const fields = children(body);
  const profile = requireTlv(fields, 0x5f29, 'CV body');
  const car = requireTlv(fields, 0x42, 'CV body');
  const keyObject = requireTlv(fields, 0x7f49, 'CV body');
  const chr = requireTlv(fields, 0x5f20, 'CV body');
  const chatObject = requireTlv(fields, 0x7f4c, 'CV body');
  const effective = requireTlv(fields, 0x5f25, 'CV body');
  const expiry = requireTlv(fields, 0x5f24, 'CV body');
  const keyFields = children(keyObject);
  const oid = decodeOid(requireTlv(keyFields, 0x06, 'CV public key').value);
  const point = requireTlv(keyFields, 0x86, 'CV public key').value;
  let domain: CurveParams | undefined;
  const p = findTlv(keyFields, 0x81);
  if (p) {
    const get = (tag: number) => requireTlv(keyFields, tag, 'CV domain parameters').value;
    const P = bytesToBigInt(p.value);
    if (P.toString(2).length > 1024)
      throw new FrameError('TOO_LARGE', 'CV domain parameters: prime too large');
    const size = p.value.length - (p.value[0] === 0 ? 1 : 0);
    const partial: CurveParams = {
      name: 'explicit',
      p: P,
      a: bytesToBigInt(get(0x82)),
      b: bytesToBigInt(get(0x83)),
      gx: 0n,
      gy: 0n,
      n: bytesToBigInt(get(0x85)),
      h: findTlv(keyFields, 0x87) ? bytesToBigInt(get(0x87)) : 1n,
      size,
    };
    const G = decodePoint(partial, get(0x84));
    const full = { ...partial, gx: G.x, gy: G.y };
    const known = identifyCurve(full);
    domain = known ? curves[known] : full;
  }
  const chatFields = children(chatObject);
  const roleOid = decodeOid(requireTlv(chatFields, 0x06, 'CHAT').value);
  const template = requireTlv(chatFields, 0x53, 'CHAT').value;
  if (template.length === 0) throw new FrameError('BAD_LENGTH', 'CHAT: empty template');
  const first = template[0]!;
  const last = template[template.length - 1]!;
  return {
    raw: outer.raw,
    body: body.raw,
    signatureObject: signature.raw,
    signature: signature.value,
    profileId: profile.value[0] ?? 0,
    car: text(car.value),
    chr: text(chr.value),
    publicKey: { oid, hash: taHashes[oid], domain, point },
    chat: {
      roleOid,
      role: roles[first >> 6]!,
      rights: last,
      dg3: (last & 0x01) !== 0,
      dg4: (last & 0x02) !== 0,
      template,
    },
    effectiveDate: decodeDate(effective.value, 'effective date'),
    expirationDate: decodeDate(expiry.value, 'expiration date'),
  };
}

/** Verifies `certificate`'s signature with its issuer's key (point + inherited domain parameters). */
export function verifyCvSignature(
  certificate: CvCertificate,
  issuerKey: { curve: CurveParams; point: Point; hash: HashName },
): boolean {
  return ecdsaVerify(
    issuerKey.curve,
    issuerKey.point,
    issuerKey.hash,
    certificate.body,
    certificate.signature,
  );
}

export interface CvKeyContext {
  curve: CurveParams;
  point: Point;
  hash: HashName;
}

/** The key of a certificate, with the domain parameters inherited from the chain when it has none. */
export function cvKeyOf(certificate: CvCertificate, inherited?: CurveParams): CvKeyContext {
  const curve = certificate.publicKey.domain ?? inherited;
  const hash = certificate.publicKey.hash;
  if (!curve) throw new FrameError('UNEXPECTED', `CV certificate ${certificate.chr}: no domain parameters`);
  if (!hash)
    throw new FrameError(
      'UNEXPECTED',
      `CV certificate ${certificate.chr}: unsupported key algorithm ${certificate.publicKey.oid}`,
    );
  return { curve, point: decodePoint(curve, certificate.publicKey.point), hash };
}

export interface CvCertificateTemplate {
  car: string;
  chr: string;
  role: CvRole;
  /** Rights byte (lower bits; the role bits are set from `role`): bit 0 DG3, bit 1 DG4. */
  rights: number;
  effectiveDate: string;
  expirationDate: string;
  hash: HashName;
  curve: CurveParams;
  publicKey: Point;
  /** Include the domain parameters (CVCA certificates). */
  includeDomain: boolean;
}

const hashArc: Record<HashName, number> = { sha1: 1, sha224: 2, sha256: 3, sha384: 4, sha512: 5 };

/** Builds and signs a CV certificate with an ECDSA key (test PKI, simulator). */
export function buildCvCertificate(
  template: CvCertificateTemplate,
  signer: { curve: CurveParams; privateKey: bigint; hash: HashName },
  random: RandomSource,
): Uint8Array {
  const c = template.curve;
  const point = Uint8Array.of(
    4,
    ...bigIntToBytes(template.publicKey.x, c.size),
    ...bigIntToBytes(template.publicKey.y, c.size),
  );
  const keyFields = [encodeTlv(0x06, encodeOidValue(`${OID_TA_ECDSA}.${hashArc[template.hash]}`))];
  if (template.includeDomain) {
    keyFields.push(
      encodeTlv(0x81, bigIntToBytes(c.p, c.size)),
      encodeTlv(0x82, bigIntToBytes(c.a, c.size)),
      encodeTlv(0x83, bigIntToBytes(c.b, c.size)),
      encodeTlv(0x84, Uint8Array.of(4, ...bigIntToBytes(c.gx, c.size), ...bigIntToBytes(c.gy, c.size))),
      encodeTlv(0x85, bigIntToBytes(c.n, Math.ceil(c.n.toString(16).length / 2))),
    );
  }
  keyFields.push(encodeTlv(0x86, point));
  if (template.includeDomain) keyFields.push(encodeTlv(0x87, Uint8Array.of(Number(c.h))));
  const roleBits = { cvca: 0xc0, 'dv-domestic': 0x80, 'dv-foreign': 0x40, is: 0x00 }[template.role];
  const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
  const body = encodeTlv(0x7f4e, [
    encodeTlv(0x5f29, Uint8Array.of(0)),
    encodeTlv(0x42, ascii(template.car)),
    encodeTlv(0x7f49, keyFields),
    encodeTlv(0x5f20, ascii(template.chr)),
    encodeTlv(0x7f4c, [
      encodeTlv(0x06, encodeOidValue(OID_ROLE_IS)),
      encodeTlv(0x53, Uint8Array.of(roleBits | (template.rights & 0x3f))),
    ]),
    encodeTlv(0x5f25, encodeDate(template.effectiveDate)),
    encodeTlv(0x5f24, encodeDate(template.expirationDate)),
  ]);
  const signature = ecdsaSign(signer.curve, signer.privateKey, signer.hash, body, random);
  return encodeTlv(0x7f21, [body, encodeTlv(0x5f37, signature)]);
}

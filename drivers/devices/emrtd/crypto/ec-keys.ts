/**
 * EC public keys as the LDS carries them: SubjectPublicKeyInfo with a named curve or explicit
 * ECParameters (RFC 3279 / BSI TR-03111 §4.1), as in DG14 and the test PKI; parse and encode.
 * Hand-written on the TLV codec (explicit parameters are common on eMRTDs and WebCrypto refuses
 * them).
 */
import { FrameError } from '../../../core/errors';
import {
  bigIntegerOf,
  bigIntToBytes,
  bytesToBigInt,
  encodeInteger,
  encodeOid,
  oidOf,
  sequence,
  TAG_BIT_STRING,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from '../tlv/asn1';
import { children, encodeTlv, expectTlv, type Tlv } from '../tlv/tlv';
import { type CurveParams, curveOids, curves, identifyCurve } from './curves';
import { decodePoint, type Point } from './ec';

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_PRIME_FIELD = '1.2.840.10045.1.1';

export interface EcPublicKey {
  curve: CurveParams;
  point: Point;
  /** Named-curve name when the parameters match a known curve. */
  curveName?: string;
  algorithm: string;
}

function octets(tlv: Tlv | undefined, context: string): Uint8Array {
  if (!tlv || tlv.tag !== TAG_OCTET_STRING)
    throw new FrameError('UNEXPECTED', `${context}: OCTET STRING expected`);
  return tlv.value;
}

/** Parses the parameters of an EC AlgorithmIdentifier (named curve OID or explicit ECParameters). */
export function parseEcParameters(params: Tlv | undefined): CurveParams {
  if (!params) throw new FrameError('UNEXPECTED', 'EC key without domain parameters');
  if (params.tag === 0x06) {
    const oid = oidOf(params, 'EC parameters');
    const name = curveOids[oid];
    if (!name) throw new FrameError('UNEXPECTED', `unsupported named curve ${oid}`);
    return curves[name];
  }
  if (params.tag !== TAG_SEQUENCE) throw new FrameError('UNEXPECTED', 'EC parameters: SEQUENCE expected');
  const [, fieldId, curveSeq, base, order, cofactor] = children(params);
  if (!fieldId || !curveSeq || !base || !order) throw new FrameError('TRUNCATED', 'EC parameters incomplete');
  const [fieldType, prime] = children(fieldId);
  if (oidOf(fieldType, 'EC field') !== OID_PRIME_FIELD)
    throw new FrameError('UNEXPECTED', 'only prime fields are supported');
  const p = bigIntegerOf(prime, 'EC prime');
  if (p.toString(2).length > 1024) throw new FrameError('TOO_LARGE', 'EC prime too large');
  const [a, b] = children(curveSeq);
  const size = Math.ceil(p.toString(16).length / 2);
  const g = octets(base, 'EC base point');
  const partial = {
    name: 'explicit',
    p,
    a: bytesToBigInt(octets(a, 'EC a')),
    b: bytesToBigInt(octets(b, 'EC b')),
    gx: 0n,
    gy: 0n,
    n: bigIntegerOf(order, 'EC order'),
    h: cofactor ? bigIntegerOf(cofactor, 'EC cofactor') : 1n,
    size,
  };
  const G = decodePoint(partial, g);
  const full = { ...partial, gx: G.x, gy: G.y };
  const known = identifyCurve(full);
  return known ? { ...curves[known] } : full;
}

/** Parses a DER SubjectPublicKeyInfo holding an EC key. */
export function parseEcSubjectPublicKeyInfo(spki: Tlv): EcPublicKey {
  if (spki.tag !== TAG_SEQUENCE)
    throw new FrameError('UNEXPECTED', 'SubjectPublicKeyInfo: SEQUENCE expected');
  const [algorithm, key] = children(spki);
  if (!algorithm || algorithm.tag !== TAG_SEQUENCE)
    throw new FrameError('UNEXPECTED', 'SubjectPublicKeyInfo: no algorithm');
  const [oid, params] = children(algorithm);
  const algorithmOid = oidOf(oid, 'public key algorithm');
  const curve = parseEcParameters(params);
  if (!key || key.tag !== TAG_BIT_STRING || key.value.length < 2 || key.value[0] !== 0)
    throw new FrameError('UNEXPECTED', 'SubjectPublicKeyInfo: bad BIT STRING');
  const point = decodePoint(curve, key.value.subarray(1));
  return {
    curve,
    point,
    algorithm: algorithmOid,
    curveName: curve.name === 'explicit' ? undefined : curve.name,
  };
}

export function parseEcSubjectPublicKeyInfoBytes(bytes: Uint8Array): EcPublicKey {
  return parseEcSubjectPublicKeyInfo(expectTlv(bytes, TAG_SEQUENCE, 'SubjectPublicKeyInfo'));
}

/** Explicit ECParameters (what DG14 of many eMRTDs carries). */
export function encodeExplicitEcParameters(curve: CurveParams): Uint8Array {
  const size = curve.size;
  return sequence(
    encodeInteger(1),
    sequence(encodeOid(OID_PRIME_FIELD), encodeInteger(curve.p)),
    sequence(
      encodeTlv(TAG_OCTET_STRING, bigIntToBytes(curve.a, size)),
      encodeTlv(TAG_OCTET_STRING, bigIntToBytes(curve.b, size)),
    ),
    encodeTlv(
      TAG_OCTET_STRING,
      Uint8Array.of(4, ...bigIntToBytes(curve.gx, size), ...bigIntToBytes(curve.gy, size)),
    ),
    encodeInteger(curve.n),
    encodeInteger(curve.h),
  );
}

export function encodeEcSubjectPublicKeyInfo(
  curve: CurveParams,
  point: Point,
  algorithm = OID_EC_PUBLIC_KEY,
): Uint8Array {
  const encodedPoint = Uint8Array.of(
    4,
    ...bigIntToBytes(point.x, curve.size),
    ...bigIntToBytes(point.y, curve.size),
  );
  return sequence(
    sequence(encodeOid(algorithm), encodeExplicitEcParameters(curve)),
    encodeTlv(TAG_BIT_STRING, Uint8Array.of(0, ...encodedPoint)),
  );
}

/**
 * ECDSA over any prime curve (explicit parameters included) with plain r||s signatures, the
 * format of CV certificates and Terminal Authentication (BSI TR-03111 §5.2.1). Hand-written on
 * crypto/ec.ts because CV certificates carry explicit (often brainpool) parameters that WebCrypto
 * rejects. The software signer here is for tests and the simulator; production signs through
 * `TerminalSigner` (HSM).
 */
import { createHash } from 'node:crypto';
import { bigIntToBytes, bytesToBigInt } from '../tlv/asn1';
import type { CurveParams } from './curves';
import {
  generator,
  isOnCurve,
  modInverse,
  multiply,
  type Point,
  pointAdd,
  type RandomSource,
  randomScalar,
} from './ec';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

function hashToInteger(curve: CurveParams, hash: Uint8Array): bigint {
  const bits = curve.n.toString(2).length;
  let e = bytesToBigInt(hash);
  const excess = hash.length * 8 - bits;
  if (excess > 0) e >>= BigInt(excess);
  return e;
}

function orderSize(curve: CurveParams): number {
  return Math.ceil(curve.n.toString(16).length / 2);
}

export function ecdsaSign(
  curve: CurveParams,
  privateKey: bigint,
  hashName: HashName,
  message: Uint8Array,
  random: RandomSource,
): Uint8Array {
  const e = hashToInteger(curve, digest(hashName, message));
  const { n } = curve;
  for (let attempt = 0; attempt < 64; attempt++) {
    const k = randomScalar(curve, random);
    const R = multiply(curve, generator(curve), k);
    if (!R) continue;
    const r = R.x % n;
    if (r === 0n) continue;
    const s = (modInverse(k, n) * ((e + r * privateKey) % n)) % n;
    if (s === 0n) continue;
    const size = orderSize(curve);
    const out = new Uint8Array(2 * size);
    out.set(bigIntToBytes(r, size), 0);
    out.set(bigIntToBytes(s, size), size);
    return out;
  }
  throw new Error('ECDSA: no valid nonce');
}

/** Verifies a plain r||s signature; false on any malformed input. */
export function ecdsaVerify(
  curve: CurveParams,
  publicKey: Point,
  hashName: HashName,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length === 0 || signature.length % 2 !== 0) return false;
  if (!isOnCurve(curve, publicKey)) return false;
  const half = signature.length / 2;
  const r = bytesToBigInt(signature.subarray(0, half));
  const s = bytesToBigInt(signature.subarray(half));
  const { n } = curve;
  if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
  const e = hashToInteger(curve, digest(hashName, message));
  const w = modInverse(s, n);
  const u1 = (e * w) % n;
  const u2 = (r * w) % n;
  const X = pointAdd(curve, multiply(curve, generator(curve), u1), multiply(curve, publicKey, u2));
  if (!X) return false;
  return X.x % n === r;
}

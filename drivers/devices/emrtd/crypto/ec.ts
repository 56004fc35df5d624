/**
 * Elliptic-curve arithmetic over prime fields with BigInt (Jacobian coordinates), for what
 * node:crypto cannot do: PACE Generic Mapping needs point addition (Ĝ = s·G + H), DG14 and CV
 * certificates carry explicit domain parameters, and brainpool curves are missing from WebCrypto.
 * Hand-written (product core). Not constant-time: the terminal's keys are ephemeral and the
 * simulator's are test keys; production signing keys stay behind `TerminalSigner` (HSM).
 */
import { randomBytes } from 'node:crypto';
import { FrameError } from '../../../core/errors';
import { bigIntToBytes, bytesToBigInt } from '../tlv/asn1';
import type { CurveParams } from './curves';

export interface Point {
  x: bigint;
  y: bigint;
}

/** The point at infinity. */
export const INFINITY = null;
export type MaybePoint = Point | null;

interface Jacobian {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

export function isOnCurve(curve: CurveParams, point: Point): boolean {
  const { p, a, b } = curve;
  if (point.x < 0n || point.x >= p || point.y < 0n || point.y >= p) return false;
  return mod(point.y * point.y - (point.x * point.x * point.x + a * point.x + b), p) === 0n;
}

function toJacobian(point: MaybePoint): Jacobian {
  return point ? { X: point.x, Y: point.y, Z: 1n } : { X: 1n, Y: 1n, Z: 0n };
}

function fromJacobian(curve: CurveParams, j: Jacobian): MaybePoint {
  if (j.Z === 0n) return null;
  const { p } = curve;
  const zi = modInverse(j.Z, p);
  const zi2 = (zi * zi) % p;
  return { x: mod(j.X * zi2, p), y: mod(j.Y * zi2 * zi, p) };
}

function double(curve: CurveParams, P: Jacobian): Jacobian {
  const { p, a } = curve;
  if (P.Z === 0n || P.Y === 0n) return { X: 1n, Y: 1n, Z: 0n };
  const XX = (P.X * P.X) % p;
  const YY = (P.Y * P.Y) % p;
  const YYYY = (YY * YY) % p;
  const ZZ = (P.Z * P.Z) % p;
  const S = mod(2n * ((P.X + YY) ** 2n - XX - YYYY), p);
  const M = mod(3n * XX + a * ZZ * ZZ, p);
  const X3 = mod(M * M - 2n * S, p);
  const Y3 = mod(M * (S - X3) - 8n * YYYY, p);
  const Z3 = mod((P.Y + P.Z) ** 2n - YY - ZZ, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

function add(curve: CurveParams, P: Jacobian, Q: Jacobian): Jacobian {
  const { p } = curve;
  if (P.Z === 0n) return Q;
  if (Q.Z === 0n) return P;
  const Z1Z1 = (P.Z * P.Z) % p;
  const Z2Z2 = (Q.Z * Q.Z) % p;
  const U1 = (P.X * Z2Z2) % p;
  const U2 = (Q.X * Z1Z1) % p;
  const S1 = (P.Y * Q.Z * Z2Z2) % p;
  const S2 = (Q.Y * P.Z * Z1Z1) % p;
  if (U1 === U2) {
    if (S1 !== S2) return { X: 1n, Y: 1n, Z: 0n };
    return double(curve, P);
  }
  const H = mod(U2 - U1, p);
  const I = (4n * H * H) % p;
  const J = (H * I) % p;
  const r = mod(2n * (S2 - S1), p);
  const V = (U1 * I) % p;
  const X3 = mod(r * r - J - 2n * V, p);
  const Y3 = mod(r * (V - X3) - 2n * S1 * J, p);
  const Z3 = mod(((P.Z + Q.Z) ** 2n - Z1Z1 - Z2Z2) * H, p);
  return { X: X3, Y: Y3, Z: Z3 };
}

export function pointAdd(curve: CurveParams, a: MaybePoint, b: MaybePoint): MaybePoint {
  return fromJacobian(curve, add(curve, toJacobian(a), toJacobian(b)));
}

/** k·P with a 4-bit fixed window. */
export function multiply(curve: CurveParams, point: MaybePoint, scalar: bigint): MaybePoint {
  let k = mod(scalar, curve.n);
  if (k === 0n || point === null) return null;
  const base = toJacobian(point);
  const table: Jacobian[] = [{ X: 1n, Y: 1n, Z: 0n }, base];
  for (let i = 2; i < 16; i++) table.push(add(curve, table[i - 1]!, base));
  const nibbles: number[] = [];
  while (k > 0n) {
    nibbles.push(Number(k & 15n));
    k >>= 4n;
  }
  let acc: Jacobian = { X: 1n, Y: 1n, Z: 0n };
  for (let i = nibbles.length - 1; i >= 0; i--) {
    acc = double(curve, double(curve, double(curve, double(curve, acc))));
    const w = nibbles[i]!;
    if (w) acc = add(curve, acc, table[w]!);
  }
  return fromJacobian(curve, acc);
}

export function generator(curve: CurveParams): Point {
  return { x: curve.gx, y: curve.gy };
}

/** Uncompressed encoding 04 || X || Y, each coordinate on the field size. */
export function encodePoint(curve: CurveParams, point: Point): Uint8Array {
  const out = new Uint8Array(1 + 2 * curve.size);
  out[0] = 0x04;
  out.set(bigIntToBytes(point.x, curve.size), 1);
  out.set(bigIntToBytes(point.y, curve.size), 1 + curve.size);
  return out;
}

/** Decodes an uncompressed point and checks that it lies on the curve. */
export function decodePoint(curve: CurveParams, bytes: Uint8Array): Point {
  if (bytes.length !== 1 + 2 * curve.size || bytes[0] !== 0x04)
    throw new FrameError('BAD_HEADER', `EC point: expected ${1 + 2 * curve.size} bytes, uncompressed`);
  const point = {
    x: bytesToBigInt(bytes.subarray(1, 1 + curve.size)),
    y: bytesToBigInt(bytes.subarray(1 + curve.size)),
  };
  if (!isOnCurve(curve, point)) throw new FrameError('UNEXPECTED', 'EC point is not on the curve');
  return point;
}

/** Random byte source; injected so that tests replay published vectors. */
export type RandomSource = (length: number) => Uint8Array;
export const systemRandom: RandomSource = (n) => new Uint8Array(randomBytes(n));

/** A private scalar in [1, n-1] from the random source (rejection sampling on the order's size). */
export function randomScalar(curve: CurveParams, random: RandomSource): bigint {
  const length = Math.ceil(curve.n.toString(16).length / 2);
  for (let attempt = 0; attempt < 64; attempt++) {
    const k = bytesToBigInt(random(length));
    if (k > 0n && k < curve.n) return k;
  }
  throw new Error('random source keeps producing out-of-range scalars');
}

export interface EcKeyPair {
  privateKey: bigint;
  publicKey: Point;
}

export function generateKeyPair(curve: CurveParams, base: Point, random: RandomSource): EcKeyPair {
  const privateKey = randomScalar(curve, random);
  const publicKey = multiply(curve, base, privateKey);
  if (!publicKey) throw new Error('degenerate key');
  return { privateKey, publicKey };
}

/** x-coordinate of k·P on the field size (ECDH shared secret, ICAO 9303-11 §9.6). */
export function sharedSecret(curve: CurveParams, privateKey: bigint, peer: Point): Uint8Array {
  const s = multiply(curve, peer, privateKey);
  if (!s) throw new FrameError('UNEXPECTED', 'ECDH: shared point at infinity');
  return bigIntToBytes(s.x, curve.size);
}

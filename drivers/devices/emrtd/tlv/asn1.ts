/**
 * The few DER primitives the LDS needs on top of the TLV codec: OBJECT IDENTIFIER, INTEGER,
 * OCTET STRING, BIT STRING, SEQUENCE/SET builders. Hand-written (product core); CMS and X.509 go
 * through @peculiar/* and node:crypto instead.
 */
import { FrameError } from '../../../core/errors';
import { encodeTlv, type Tlv } from './tlv';

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;
export const TAG_SET = 0x31;

export function decodeOid(value: Uint8Array): string {
  if (value.length === 0 || value.length > 64) throw new FrameError('BAD_LENGTH', 'OID: bad length');
  const arcs: number[] = [];
  let current = 0;
  for (let k = 0; k < value.length; k++) {
    const b = value[k]!;
    if (current > 0x1fffffffffff) throw new FrameError('TOO_LARGE', 'OID: arc too large');
    current = current * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(current);
      current = 0;
    } else if (k === value.length - 1) throw new FrameError('TRUNCATED', 'OID: truncated arc');
  }
  const first = arcs[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

export function encodeOidValue(oid: string): Uint8Array {
  const parts = oid.split('.').map((p) => Number.parseInt(p, 10));
  if (parts.length < 2 || parts.some((p) => !Number.isInteger(p) || p < 0))
    throw new RangeError(`bad OID ${oid}`);
  const arcs = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const bytes: number[] = [arc & 0x7f];
    let rest = Math.floor(arc / 128);
    while (rest > 0) {
      bytes.unshift((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

export function encodeOid(oid: string): Uint8Array {
  return encodeTlv(TAG_OID, encodeOidValue(oid));
}

/** Reads a TLV expected to be an OID. */
export function oidOf(tlv: Tlv | undefined, context: string): string {
  if (!tlv || tlv.tag !== TAG_OID) throw new FrameError('UNEXPECTED', `${context}: OID expected`);
  return decodeOid(tlv.value);
}

/** A small non-negative INTEGER as a JS number (versions, ids). */
export function smallIntegerOf(tlv: Tlv | undefined, context: string): number {
  if (!tlv || tlv.tag !== TAG_INTEGER) throw new FrameError('UNEXPECTED', `${context}: INTEGER expected`);
  if (tlv.value.length === 0 || tlv.value.length > 6)
    throw new FrameError('BAD_LENGTH', `${context}: bad INTEGER`);
  let n = 0;
  for (const b of tlv.value) n = n * 256 + b;
  return n;
}

export function bigIntegerOf(tlv: Tlv | undefined, context: string): bigint {
  if (!tlv || tlv.tag !== TAG_INTEGER) throw new FrameError('UNEXPECTED', `${context}: INTEGER expected`);
  if (tlv.value.length === 0) throw new FrameError('BAD_LENGTH', `${context}: empty INTEGER`);
  return bytesToBigInt(tlv.value);
}

export function encodeInteger(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) throw new RangeError('negative INTEGER');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  } while (v > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return encodeTlv(TAG_INTEGER, Uint8Array.from(bytes));
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let k = length - 1; k >= 0; k--) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('integer does not fit');
  return out;
}

export const sequence = (...items: Uint8Array[]) => encodeTlv(TAG_SEQUENCE, items);
export const set = (...items: Uint8Array[]) => encodeTlv(TAG_SET, items);
export const octetString = (bytes: Uint8Array) => encodeTlv(TAG_OCTET_STRING, bytes);

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new RangeError('bad hex');
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let k = 0; k < a.length; k++) diff |= a[k]! ^ b[k]!;
  return diff === 0;
}

/**
 * Key derivation of ICAO 9303-11 §9.7.1: KDF(K, c) = H(K || c) truncated to the key length, with
 * c = 1 (encryption), 2 (MAC), 3 (PACE password key). SHA-1 for 3DES and AES-128, SHA-256 for
 * AES-192/256. Also the MRZ and CAN password encodings of BAC and PACE (§9.7.2-9.7.3).
 */
import { createHash } from 'node:crypto';
import { FrameError } from '../../../core/errors';
import type { CipherFamily } from './block-cipher';

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PACE = 3;

export interface CipherSpec {
  family: CipherFamily;
  /** Key length in bytes: 16 (3DES two-key, AES-128), 24 (AES-192), 32 (AES-256). */
  keyLength: 16 | 24 | 32;
}

export function kdf(secret: Uint8Array, counter: number, spec: CipherSpec): Uint8Array {
  const c = Uint8Array.of(counter >>> 24, (counter >> 16) & 0xff, (counter >> 8) & 0xff, counter & 0xff);
  const hash = spec.family === '3des' || spec.keyLength === 16 ? 'sha1' : 'sha256';
  const digest = createHash(hash).update(secret).update(c).digest();
  const key = new Uint8Array(digest.subarray(0, spec.keyLength));
  if (spec.family === '3des') return setDesParity(key);
  return key;
}

/** Sets the odd-parity bit of each DES key byte (ignored by DES, but the ICAO vectors show it). */
export function setDesParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let k = 0; k < key.length; k++) {
    const b = key[k]! & 0xfe;
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (b & bit) ones++;
    out[k] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}

/** ICAO 9303 check digit (weights 7, 3, 1; '<' = 0, A = 10 ... Z = 35). */
export function mrzCheckDigit(text: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c === 60) v = 0;
    else throw new FrameError('UNEXPECTED', `MRZ: invalid character ${JSON.stringify(text[k])}`);
    sum += v * weights[k % 3]!;
  }
  return sum % 10;
}

/** The MRZ fields that key BAC and PACE-MRZ. Dates are YYMMDD. */
export interface MrzKey {
  documentNumber: string;
  dateOfBirth: string;
  dateOfExpiry: string;
}

/** MRZ_information = doc number (padded to 9 with '<') + cd + birth + cd + expiry + cd. */
export function mrzInformation(key: MrzKey): string {
  const number = key.documentNumber.toUpperCase().padEnd(9, '<');
  if (!/^\d{6}$/.test(key.dateOfBirth) || !/^\d{6}$/.test(key.dateOfExpiry))
    throw new RangeError('MRZ dates must be YYMMDD');
  return (
    number +
    mrzCheckDigit(number) +
    key.dateOfBirth +
    mrzCheckDigit(key.dateOfBirth) +
    key.dateOfExpiry +
    mrzCheckDigit(key.dateOfExpiry)
  );
}

export type PacePassword = { kind: 'can'; can: string } | { kind: 'mrz'; mrz: MrzKey };

/** PACE password reference of MSE:Set AT (tag 83): 01 MRZ, 02 CAN. */
export function passwordReference(password: PacePassword): number {
  return password.kind === 'mrz' ? 0x01 : 0x02;
}

/** π: SHA-1(MRZ_information) for the MRZ; the ISO 8859-1 digits for the CAN. */
export function passwordBytes(password: PacePassword): Uint8Array {
  if (password.kind === 'mrz') return sha1(new TextEncoder().encode(mrzInformation(password.mrz)));
  return Uint8Array.from(password.can, (c) => c.charCodeAt(0) & 0xff);
}

/**
 * Block-cipher primitives of eMRTD secure messaging and access control (ICAO 9303-11 §9.7-9.8):
 * ISO/IEC 9797-1 padding method 2, AES-ECB/CBC, two-key 3DES-CBC, the retail MAC (ISO/IEC 9797-1
 * MAC algorithm 3) and AES-CMAC (RFC 4493), all on node:crypto. Hand-written: Node has no CMAC API
 * and OpenSSL 3 refuses single DES (`des-ecb`), which is emulated with `des-ede3-ecb` keyed K||K||K.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export type CipherFamily = '3des' | 'aes';

/** ISO/IEC 9797-1 method 2: append 0x80 then zeros up to a multiple of `blockSize`. */
export function pad(data: Uint8Array, blockSize: number): Uint8Array {
  const length = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(length);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Removes method-2 padding; returns undefined when the padding is malformed. */
export function unpad(data: Uint8Array): Uint8Array | undefined {
  let k = data.length - 1;
  while (k >= 0 && data[k] === 0) k--;
  if (k < 0 || data[k] !== 0x80) return undefined;
  return data.subarray(0, k);
}

function run(
  algorithm: string,
  key: Uint8Array,
  iv: Uint8Array | null,
  data: Uint8Array,
  decrypt: boolean,
): Uint8Array {
  const cipher = decrypt ? createDecipheriv(algorithm, key, iv) : createCipheriv(algorithm, key, iv);
  cipher.setAutoPadding(false);
  const out = Buffer.concat([cipher.update(data), cipher.final()]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function aesName(key: Uint8Array, mode: 'ecb' | 'cbc'): string {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new RangeError(`AES key of ${key.length} bytes`);
  return `aes-${key.length * 8}-${mode}`;
}

export function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  return run(aesName(key, 'ecb'), key, null, data, false);
}

export function aesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  return run(aesName(key, 'cbc'), key, iv, data, decrypt);
}

/** Two-key (16 bytes) or three-key (24 bytes) 3DES key to the 24-byte form OpenSSL wants. */
function tdesKey(key: Uint8Array): Uint8Array {
  if (key.length === 24) return key;
  if (key.length !== 16) throw new RangeError(`3DES key of ${key.length} bytes`);
  const out = new Uint8Array(24);
  out.set(key, 0);
  out.set(key.subarray(0, 8), 16);
  return out;
}

export function tdesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  return run('des-ede3-cbc', tdesKey(key), iv, data, decrypt);
}

function desEcb(key8: Uint8Array, block: Uint8Array, decrypt: boolean): Uint8Array {
  const k = new Uint8Array(24);
  k.set(key8, 0);
  k.set(key8, 8);
  k.set(key8, 16);
  return run('des-ede3-ecb', k, null, block, decrypt);
}

/** ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) over already padded data; 8-byte result. */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  if (paddedData.length % 8 !== 0 || paddedData.length === 0)
    throw new RangeError('retail MAC input not padded');
  const ka = key.subarray(0, 8);
  const kb = key.subarray(8, 16);
  let state: Uint8Array = new Uint8Array(8);
  for (let o = 0; o < paddedData.length; o += 8) {
    const block = new Uint8Array(8);
    for (let k = 0; k < 8; k++) block[k] = state[k]! ^ paddedData[o + k]!;
    state = desEcb(ka, block, false);
  }
  return desEcb(ka, desEcb(kb, state, true), false);
}

function shiftLeft(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(block.length);
  let carry = 0;
  for (let k = block.length - 1; k >= 0; k--) {
    const b = block[k]!;
    out[k] = ((b << 1) | carry) & 0xff;
    carry = b >> 7;
  }
  return out;
}

/** AES-CMAC (RFC 4493, NIST SP 800-38B); full 16-byte tag. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  const l = aesEcbEncrypt(key, new Uint8Array(16));
  const k1 = shiftLeft(l);
  if (l[0]! & 0x80) k1[15]! ^= 0x87;
  const k2 = shiftLeft(k1);
  if (k1[0]! & 0x80) k2[15]! ^= 0x87;
  const blocks = Math.max(1, Math.ceil(message.length / 16));
  const complete = message.length > 0 && message.length % 16 === 0;
  const last = new Uint8Array(16);
  const tail = message.subarray((blocks - 1) * 16);
  if (complete) for (let k = 0; k < 16; k++) last[k] = tail[k]! ^ k1[k]!;
  else {
    last.set(tail, 0);
    last[tail.length] = 0x80;
    for (let k = 0; k < 16; k++) last[k]! ^= k2[k]!;
  }
  const body = new Uint8Array(blocks * 16);
  body.set(message.subarray(0, (blocks - 1) * 16), 0);
  body.set(last, (blocks - 1) * 16);
  const cbc = aesCbc(key, new Uint8Array(16), body, false);
  return cbc.subarray(cbc.length - 16);
}

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RangeError('xor of unequal lengths');
  const out = new Uint8Array(a.length);
  for (let k = 0; k < a.length; k++) out[k] = a[k]! ^ b[k]!;
  return out;
}

/**
 * Canonical Huffman tables as used by WSQ (JPEG-style BITS/HUFFVAL lists): validation and
 * decode tables for the decoder, per-symbol code tables and optimal length-limited tables built
 * from symbol counts for the encoder (the JPEG Annex K procedure NBIS implements, with the
 * reserved all-ones code so that no code word is made only of 1-bits).
 */
import { MAX_HUFFBITS, MAX_HUFFCOUNTS } from './constants';
import { WsqError } from './errors';

/** A Huffman table as stored in a DHT segment. */
export interface HuffmanSpec {
  /** bits[L-1] = number of codes of length L, L = 1..16. */
  bits: Uint8Array;
  /** Symbols in order of increasing code length. */
  values: Uint8Array;
}

export interface HuffmanDecoder {
  /** Indexed by code length 1..16; -1 where no code has that length. */
  maxcode: Int32Array;
  mincode: Int32Array;
  valptr: Int32Array;
  values: Uint8Array;
}

export interface HuffmanEncoder {
  /** code[s], size[s]: code word and its length in bits for symbol s (size 0 = no code). */
  code: Uint16Array;
  size: Uint8Array;
}

/** Validates the table and returns the canonical code of each entry of `values`, in order. */
function canonicalCodes(spec: HuffmanSpec): { codes: Uint16Array; sizes: Uint8Array } {
  const { bits, values } = spec;
  if (bits.length !== MAX_HUFFBITS) throw new WsqError('BAD_HUFFMAN', 'BITS list must have 16 entries');
  let total = 0;
  for (let i = 0; i < MAX_HUFFBITS; i++) total += bits[i]!;
  if (total !== values.length)
    throw new WsqError('BAD_HUFFMAN', 'BITS total differs from the number of values');
  if (total > MAX_HUFFCOUNTS) throw new WsqError('BAD_HUFFMAN', `too many Huffman values (${total})`);
  const codes = new Uint16Array(total);
  const sizes = new Uint8Array(total);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= MAX_HUFFBITS; len++) {
    for (let j = 0; j < bits[len - 1]!; j++) {
      codes[k] = code;
      sizes[k] = len;
      code++;
      k++;
    }
    if (code > 1 << len) throw new WsqError('BAD_HUFFMAN', `code lengths over-subscribed at length ${len}`);
    code <<= 1;
  }
  return { codes, sizes };
}

/** NBIS `gen_decode_table` on a validated table. */
export function buildDecoder(spec: HuffmanSpec): HuffmanDecoder {
  const { codes } = canonicalCodes(spec);
  const maxcode = new Int32Array(MAX_HUFFBITS + 1);
  const mincode = new Int32Array(MAX_HUFFBITS + 1);
  const valptr = new Int32Array(MAX_HUFFBITS + 1);
  let k = 0;
  for (let len = 1; len <= MAX_HUFFBITS; len++) {
    const n = spec.bits[len - 1]!;
    if (n === 0) {
      maxcode[len] = -1;
      continue;
    }
    valptr[len] = k;
    mincode[len] = codes[k]!;
    k += n;
    maxcode[len] = codes[k - 1]!;
  }
  return { maxcode, mincode, valptr, values: spec.values };
}

/** Per-symbol code words for the encoder. */
export function buildEncoder(spec: HuffmanSpec): HuffmanEncoder {
  const { codes, sizes } = canonicalCodes(spec);
  const code = new Uint16Array(MAX_HUFFCOUNTS);
  const size = new Uint8Array(MAX_HUFFCOUNTS);
  for (let k = 0; k < spec.values.length; k++) {
    const s = spec.values[k]!;
    code[s] = codes[k]!;
    size[s] = sizes[k]!;
  }
  return { code, size };
}

/**
 * Optimal Huffman table (code lengths limited to 16) for the symbol counts `counts[0..255]`.
 * Follows JPEG Annex K.2/K.3: a reserved symbol with count 1 takes the all-ones code word and
 * is removed after the lengths have been limited.
 */
export function specFromCounts(counts: ArrayLike<number>): HuffmanSpec {
  const n = MAX_HUFFCOUNTS + 1;
  const freq = new Float64Array(n);
  for (let i = 0; i < MAX_HUFFCOUNTS; i++) freq[i] = counts[i] ?? 0;
  freq[MAX_HUFFCOUNTS] = 1;
  const codesize = new Int32Array(n);
  const others = new Int32Array(n).fill(-1);

  for (;;) {
    // v1: least non-zero frequency (largest symbol on ties); v2: the next least.
    let v1 = -1;
    let v2 = -1;
    for (let i = 0; i < n; i++) {
      const f = freq[i]!;
      if (f === 0) continue;
      if (v1 < 0 || f < freq[v1]! || (f === freq[v1]! && i > v1)) {
        v2 = v1;
        v1 = i;
      } else if (v2 < 0 || f < freq[v2]! || (f === freq[v2]! && i > v2)) {
        v2 = i;
      }
    }
    if (v2 < 0) break;
    freq[v1] = freq[v1]! + freq[v2]!;
    freq[v2] = 0;
    codesize[v1] = codesize[v1]! + 1;
    let a = v1;
    while (others[a]! !== -1) {
      a = others[a]!;
      codesize[a] = codesize[a]! + 1;
    }
    others[a] = v2;
    codesize[v2] = codesize[v2]! + 1;
    let b = v2;
    while (others[b]! !== -1) {
      b = others[b]!;
      codesize[b] = codesize[b]! + 1;
    }
  }

  let maxLen = 0;
  for (let i = 0; i < n; i++) maxLen = Math.max(maxLen, codesize[i]!);
  const bits = new Int32Array(Math.max(maxLen, MAX_HUFFBITS) + 1);
  for (let i = 0; i < n; i++) if (codesize[i]! > 0) bits[codesize[i]!] = bits[codesize[i]!]! + 1;

  if (maxLen > 0) {
    for (let i = bits.length - 1; i > MAX_HUFFBITS; i--) {
      while (bits[i]! > 0) {
        let j = i - 2;
        while (bits[j] === 0) j--;
        bits[i] = bits[i]! - 2;
        bits[i - 1] = bits[i - 1]! + 1;
        bits[j + 1] = bits[j + 1]! + 2;
        bits[j] = bits[j]! - 1;
      }
    }
    let i = MAX_HUFFBITS;
    while (i > 0 && bits[i] === 0) i--;
    if (i > 0) bits[i] = bits[i]! - 1; // drop the reserved symbol's code word
  }

  const values: number[] = [];
  for (let len = 1; len <= maxLen; len++) {
    for (let s = 0; s < MAX_HUFFCOUNTS; s++) if (codesize[s] === len) values.push(s);
  }
  const outBits = new Uint8Array(MAX_HUFFBITS);
  for (let len = 1; len <= MAX_HUFFBITS; len++) outBits[len - 1] = bits[len]!;
  return { bits: outBits, values: Uint8Array.from(values) };
}

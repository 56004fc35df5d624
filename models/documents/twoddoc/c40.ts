/**
 * C40 packing as 2D-DOC's binary form (and ICAO VDS) uses it: three characters of the basic set
 * (space, 0-9, A-Z) in two bytes, U = 1600*c1 + 40*c2 + c3 + 1, big-endian; a lone last character
 * is written 0xFE then its ASCII code + 1, a last pair is padded with Shift 1. Anything else (shift values, U outside 1..64000, a stray
 * 0xFE) is an invalid triplet and refused: the packed strings are identifiers and dates, never free
 * text, so there is nothing to recover.
 */
import { TwoDDocError } from './errors';

const BASIC = ' 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function c40Value(ch: string): number {
  const i = BASIC.indexOf(ch);
  if (i < 0 || ch.length !== 1)
    throw new TwoDDocError('BAD_C40', `character ${JSON.stringify(ch)} is not in the C40 basic set`);
  return i + 3;
}

/** Decodes C40-packed bytes to text; throws BAD_C40 on an invalid triplet. */
export function decodeC40(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b1 = bytes[i]!;
    if (b1 === 0xfe) {
      const b2 = bytes[i + 1];
      if (b2 === undefined || i + 2 !== bytes.length) {
        throw new TwoDDocError('BAD_C40', `0xFE must be followed by exactly one last byte (offset ${i})`);
      }
      const ch = String.fromCharCode(b2 - 1);
      c40Value(ch);
      return out + ch;
    }
    const b2 = bytes[i + 1];
    if (b2 === undefined)
      throw new TwoDDocError('BAD_C40', `odd byte count: a triplet needs two bytes (offset ${i})`);
    const u = b1 * 256 + b2;
    if (u < 1 || u > 64000)
      throw new TwoDDocError('BAD_C40', `triplet value ${u} out of range (offset ${i})`);
    const v = u - 1;
    const values = [Math.floor(v / 1600), Math.floor(v / 40) % 40, v % 40];
    // The last triplet may carry two characters padded with Shift 1 (value 0).
    if (i + 2 === bytes.length && values[2] === 0) values.pop();
    for (const c of values) {
      if (c < 3) throw new TwoDDocError('BAD_C40', `shift value ${c} outside the basic set (offset ${i})`);
      out += BASIC[c - 3];
    }
    i += 2;
  }
  return out;
}

/** Packs text of the basic set (a last pair padded with Shift 1, a last single character as 0xFE form). */
export function encodeC40(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  for (; i + 3 <= text.length; i += 3) {
    const u = 1600 * c40Value(text[i]!) + 40 * c40Value(text[i + 1]!) + c40Value(text[i + 2]!) + 1;
    out.push(u >> 8, u & 0xff);
  }
  const rest = text.length - i;
  if (rest === 2) {
    // Two characters: pad the triplet with Shift 1 (value 0), as DataMatrix does.
    const u = 1600 * c40Value(text[i]!) + 40 * c40Value(text[i + 1]!) + 0 + 1;
    out.push(u >> 8, u & 0xff);
  } else if (rest === 1) {
    c40Value(text[i]!);
    out.push(0xfe, text.charCodeAt(i) + 1);
  }
  return Uint8Array.from(out);
}

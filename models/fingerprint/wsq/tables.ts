/**
 * Reading and writing the WSQ marker segments that carry parameters: frame header (SOF),
 * transform table (DTT), quantization table (DQT), Huffman tables (DHT), restart interval (DRT),
 * block header (SOB) and comments (COM). Scaled decimal numbers are converted with the same
 * float32 steps as NBIS `tableio.c`, since the decoded filter taps and bin widths feed the
 * bit-exact reconstruction.
 */
import type { ByteReader, ByteWriter } from './bytes';
import {
  MARKER,
  MAX_DHT_TABLES,
  MAX_FILTER_TAPS,
  MAX_HUFFBITS,
  MAX_SUBBANDS,
  NUM_SUBBANDS,
} from './constants';
import { WsqError } from './errors';
import type { HuffmanSpec } from './huffman';
import type { QuantTable } from './quantization';

const fr = Math.fround;

export interface FrameHeader {
  black: number;
  white: number;
  width: number;
  height: number;
  mShift: number;
  rScale: number;
  encoder: number;
  software: number;
}

/** Synthesis filters as NBIS derives them from the DTT segment (`lofilt`, `hifilt`). */
export interface TransformTable {
  lo: number[];
  hi: number[];
}

/** `raw / 10^scale` computed as NBIS does: float32 division by 10, `scale` times. */
export function scaledToFloat(raw: number, scale: number): number {
  let v = fr(raw);
  for (let i = 0; i < scale; i++) v = fr(v / 10.0);
  return v;
}

function readScaledU16(r: ByteReader, what: string): number {
  const scale = r.u8(what);
  const raw = r.u16(what);
  return scaledToFloat(raw, scale);
}

export function parseFrameHeader(r: ByteReader): FrameHeader {
  const black = r.u8('SOF black');
  const white = r.u8('SOF white');
  const height = r.u16('SOF height');
  const width = r.u16('SOF width');
  const mShift = readScaledU16(r, 'SOF m_shift');
  const rScale = readScaledU16(r, 'SOF r_scale');
  const encoder = r.u8('SOF encoder');
  const software = r.u16('SOF software');
  return { black, white, width, height, mShift, rScale, encoder, software };
}

function intSign(power: number): number {
  return power % 2 === 0 ? 1 : -1;
}

/** NBIS `getc_transform_table`, including its expansion of the half filters. */
export function parseTransformTable(r: ByteReader): TransformTable {
  const hisz = r.u8('DTT size');
  const losz = r.u8('DTT size');
  if (hisz < 1 || losz < 1 || hisz > MAX_FILTER_TAPS || losz > MAX_FILTER_TAPS) {
    throw new WsqError('BAD_SEGMENT', `unsupported filter lengths ${hisz}/${losz}`);
  }
  const hi = new Array<number>(hisz).fill(0);
  const lo = new Array<number>(losz).fill(0);
  const readCoef = (): number => {
    const sign = r.u8('DTT coefficient');
    const scale = r.u8('DTT coefficient');
    const raw = r.u32('DTT coefficient');
    const v = scaledToFloat(raw, scale);
    return sign !== 0 ? -v : v;
  };

  let aSize = (hisz % 2 ? (hisz + 1) / 2 : hisz / 2) - 1;
  for (let cnt = 0; cnt <= aSize; cnt++) {
    const a = readCoef();
    if (hisz % 2) {
      hi[cnt + aSize] = intSign(cnt) * a;
      if (cnt > 0) hi[aSize - cnt] = hi[cnt + aSize]!;
    } else {
      hi[cnt + aSize + 1] = intSign(cnt) * a;
      hi[aSize - cnt] = -1.0 * hi[cnt + aSize + 1]!;
    }
  }
  aSize = (losz % 2 ? (losz + 1) / 2 : losz / 2) - 1;
  for (let cnt = 0; cnt <= aSize; cnt++) {
    const a = readCoef();
    if (losz % 2) {
      lo[cnt + aSize] = intSign(cnt) * a;
      if (cnt > 0) lo[aSize - cnt] = lo[cnt + aSize]!;
    } else {
      lo[cnt + aSize + 1] = intSign(cnt + 1) * a;
      lo[aSize - cnt] = lo[cnt + aSize + 1]!;
    }
  }
  return { lo, hi };
}

export function parseQuantTable(r: ByteReader): QuantTable {
  const binCenter = readScaledU16(r, 'DQT bin center');
  const qBin = new Float32Array(MAX_SUBBANDS);
  const zBin = new Float32Array(MAX_SUBBANDS);
  for (let i = 0; i < MAX_SUBBANDS; i++) {
    qBin[i] = readScaledU16(r, 'DQT q');
    zBin[i] = readScaledU16(r, 'DQT z');
  }
  return { binCenter, qBin, zBin };
}

/** All Huffman tables of one DHT segment (the segment may hold several). */
export function parseHuffmanTables(r: ByteReader): Array<{ id: number; spec: HuffmanSpec }> {
  const out: Array<{ id: number; spec: HuffmanSpec }> = [];
  if (r.remaining <= 0) throw new WsqError('BAD_SEGMENT', 'empty DHT segment');
  while (r.remaining > 0) {
    const id = r.u8('DHT table id');
    if (id >= MAX_DHT_TABLES) throw new WsqError('BAD_HUFFMAN', `Huffman table id ${id} out of range`);
    const bits = r.take(MAX_HUFFBITS, 'DHT bits').slice();
    let n = 0;
    for (const b of bits) n += b;
    if (n > 256) throw new WsqError('BAD_HUFFMAN', `DHT lists ${n} values`);
    const values = r.take(n, 'DHT values').slice();
    out.push({ id, spec: { bits, values } });
  }
  return out;
}

export function parseRestartInterval(r: ByteReader): number {
  return r.u16('DRT interval');
}

/** Comment text: bytes as Latin-1, trailing NULs removed. */
export function parseComment(r: ByteReader): string {
  const bytes = r.take(r.remaining, 'COM');
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  let s = '';
  for (let i = 0; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

// ---------------------------------------------------------------- writers

/** NBIS float-to-(scale, ushort) conversion used by the frame header and DQT writers. */
export function floatToScaledU16(value: number): { scale: number; raw: number } {
  let f = fr(value);
  if (f === 0) return { scale: 0, raw: 0 };
  if (!(f > 0 && f < 65535))
    throw new WsqError('INVALID_INPUT', `cannot store ${value} as a scaled 16-bit value`);
  let scale = 0;
  while (f < 65535) {
    scale++;
    f = fr(f * 10);
  }
  scale--;
  return { scale, raw: Math.trunc(f / 10.0 + 0.5) };
}

function floatToScaledU32(value: number): { sign: number; scale: number; raw: number } {
  let f = fr(value);
  const sign = f >= 0 ? 0 : 1;
  if (sign) f = -f;
  if (f === 0) return { sign, scale: 0, raw: 0 };
  let scale = 0;
  while (f < 4294967295.0) {
    scale++;
    f = fr(f * 10.0);
  }
  scale--;
  return { sign, scale, raw: Math.trunc(f / 10.0 + 0.5) >>> 0 };
}

function writeScaledU16(w: ByteWriter, value: number): void {
  const { scale, raw } = floatToScaledU16(value);
  w.u8(scale);
  w.u16(raw);
}

export function writeFrameHeader(
  w: ByteWriter,
  width: number,
  height: number,
  mShift: number,
  rScale: number,
): void {
  w.u16(MARKER.SOF);
  w.u16(17);
  w.u8(0); // black
  w.u8(255); // white
  w.u16(height);
  w.u16(width);
  writeScaledU16(w, mShift);
  writeScaledU16(w, rScale);
  w.u8(2); // WSQ encoder number, as NBIS writes it
  w.u16(0); // software implementation number
}

/** Writes the analysis filters as NBIS `putc_transform_table` does (upper halves only). */
export function writeTransformTable(w: ByteWriter, lo: readonly number[], hi: readonly number[]): void {
  w.u16(MARKER.DTT);
  w.u16(4 + 6 * (lo.length - (lo.length >> 1) + hi.length - (hi.length >> 1)));
  w.u8(lo.length);
  w.u8(hi.length);
  for (const filter of [lo, hi]) {
    for (let i = filter.length >> 1; i < filter.length; i++) {
      const { sign, scale, raw } = floatToScaledU32(filter[i]!);
      w.u8(sign);
      w.u8(scale);
      w.u32(raw);
    }
  }
}

export function writeQuantTable(w: ByteWriter, qbss: Float32Array, qzbs: Float32Array): void {
  w.u16(MARKER.DQT);
  w.u16(389);
  w.u8(2); // bin center 0.44
  w.u16(44);
  for (let band = 0; band < MAX_SUBBANDS; band++) {
    if (band < NUM_SUBBANDS && qbss[band] !== 0) {
      writeScaledU16(w, qbss[band]!);
      writeScaledU16(w, qzbs[band]!);
    } else {
      w.u8(0);
      w.u16(0);
      w.u8(0);
      w.u16(0);
    }
  }
}

export function writeHuffmanTable(w: ByteWriter, id: number, spec: HuffmanSpec): void {
  w.u16(MARKER.DHT);
  w.u16(3 + MAX_HUFFBITS + spec.values.length);
  w.u8(id);
  w.bytes(spec.bits);
  w.bytes(spec.values);
}

export function writeRestartInterval(w: ByteWriter, interval: number): void {
  w.u16(MARKER.DRT);
  w.u16(4);
  w.u16(interval);
}

export function writeBlockHeader(w: ByteWriter, tableId: number): void {
  w.u16(MARKER.SOB);
  w.u16(3);
  w.u8(tableId);
}

export function writeComment(w: ByteWriter, text: string): void {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new WsqError('INVALID_INPUT', 'comments must be Latin-1 text');
    bytes[i] = c;
  }
  if (bytes.length + 2 > 0xffff) throw new WsqError('INVALID_INPUT', 'comment longer than 65533 bytes');
  w.u16(MARKER.COM);
  w.u16(bytes.length + 2);
  w.bytes(bytes);
}

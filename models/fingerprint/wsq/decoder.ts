/**
 * WSQ decoder: parses the marker stream (SOI, tables, frame header, comments, blocks, EOI),
 * Huffman-decodes the three coefficient blocks, dequantizes the 60 subbands, runs the inverse
 * wavelet transform and converts to 8-bit pixels with the frame header's shift and scale,
 * rounding exactly like NBIS `dwsq`. Malformed input raises `WsqError`; every length is checked
 * against the bytes that remain before anything is allocated from it.
 */

import { EntropyReader } from './bitstream';
import { ByteReader } from './bytes';
import {
  COEFF_SYMBOL_OFFSET,
  DEFAULT_MAX_PIXELS,
  MARKER,
  MAX_DHT_TABLES,
  MAX_HUFFBITS,
  SYM_ESC_NEG8,
  SYM_ESC_NEG16,
  SYM_ESC_POS8,
  SYM_ESC_POS16,
  SYM_ZRUN8,
  SYM_ZRUN16,
} from './constants';
import { WsqError } from './errors';
import { buildDecoder, type HuffmanDecoder } from './huffman';
import { isNistcom, ppiFromNistcom } from './nistcom';
import { codedCoefficientCount, type QuantTable, unquantize } from './quantization';
import {
  type FrameHeader,
  parseComment,
  parseFrameHeader,
  parseHuffmanTables,
  parseQuantTable,
  parseRestartInterval,
  parseTransformTable,
  type TransformTable,
} from './tables';
import { buildTrees, type WsqTrees } from './tree';
import { checkSynthesisGeometry, reconstruct } from './wavelet';

export interface DecodeOptions {
  /** Largest width * height accepted (default 40 megapixels). */
  maxPixels?: number;
}

export interface DecodedWsq {
  width: number;
  height: number;
  /** Scan resolution from the first NISTCOM comment's PPI field, or null. */
  ppi: number | null;
  /** 8-bit greyscale pixels, row-major, `width * height` bytes. */
  pixels: Uint8Array;
  /** Every COM segment, in stream order, as Latin-1 text. */
  comments: string[];
}

interface DecoderState {
  dtt: TransformTable | null;
  dqt: QuantTable | null;
  dht: Array<HuffmanDecoder | null>;
  comments: string[];
}

function isRestart(marker: number): boolean {
  return marker >= MARKER.RST0 && marker <= MARKER.RST7;
}

function markerName(m: number): string {
  return `0x${m.toString(16).padStart(4, '0')}`;
}

/** Reads a marker segment's length and returns a reader over its body. */
function segmentBody(r: ByteReader, marker: number): ByteReader {
  const len = r.u16(`${markerName(marker)} length`);
  if (len < 2) throw new WsqError('BAD_SEGMENT', `segment ${markerName(marker)} has length ${len}`);
  return r.sub(len - 2, `segment ${markerName(marker)}`);
}

/** Handles a table or comment segment; returns false if `marker` is not one. */
function readTableSegment(r: ByteReader, marker: number, st: DecoderState): boolean {
  switch (marker) {
    case MARKER.DTT:
      st.dtt = parseTransformTable(segmentBody(r, marker));
      return true;
    case MARKER.DQT:
      st.dqt = parseQuantTable(segmentBody(r, marker));
      return true;
    case MARKER.DHT:
      for (const { id, spec } of parseHuffmanTables(segmentBody(r, marker))) st.dht[id] = buildDecoder(spec);
      return true;
    case MARKER.COM:
      st.comments.push(parseComment(segmentBody(r, marker)));
      return true;
    case MARKER.DRT:
      parseRestartInterval(segmentBody(r, marker));
      return true;
    default:
      return false;
  }
}

interface CoefficientSink {
  coeffs: Int16Array;
  /** Number of coefficients decoded so far. */
  count: number;
  /** Number of coefficients the subband layout holds. */
  expected: number;
}

/**
 * Decodes entropy-coded data (NBIS `huffman_decode_data_mem` / `decode_data_mem`) until a
 * marker other than a restart marker; returns that marker.
 */
function decodeEntropyData(er: EntropyReader, table: HuffmanDecoder, sink: CoefficientSink): number {
  const { maxcode, mincode, valptr, values } = table;
  const coeffs = sink.coeffs;
  let ipc = sink.count;
  const max = sink.expected;
  try {
    for (;;) {
      let bit = er.readBit();
      if (bit < 0) {
        if (isRestart(er.marker)) {
          er.resetBits();
          continue;
        }
        return er.marker;
      }
      let code = bit;
      let len = 1;
      while (code > maxcode[len]!) {
        if (++len > MAX_HUFFBITS) throw new WsqError('BAD_HUFFMAN', 'no Huffman code matches the data');
        bit = er.readBit();
        if (bit < 0) break;
        code = (code << 1) | bit;
      }
      if (bit < 0) {
        if (isRestart(er.marker)) {
          er.resetBits();
          continue;
        }
        return er.marker;
      }
      const vi = valptr[len]! + code - mincode[len]!;
      if (vi < 0 || vi >= values.length) throw new WsqError('BAD_HUFFMAN', 'Huffman code outside its table');
      const sym = values[vi]!;

      if (ipc > max) throw new WsqError('BAD_DATA', 'decoded data extends past the subbands');
      if (sym > 0 && sym <= 100) {
        if (ipc + sym > max) throw new WsqError('BAD_DATA', 'zero run extends past the subbands');
        ipc += sym; // coefficients are zero-initialised
      } else if (sym > 106 && sym < 0xff) {
        coeffs[ipc++] = sym - COEFF_SYMBOL_OFFSET;
      } else if (sym === SYM_ESC_POS8) {
        coeffs[ipc++] = er.readBits(8);
      } else if (sym === SYM_ESC_NEG8) {
        coeffs[ipc++] = -er.readBits(8);
      } else if (sym === SYM_ESC_POS16) {
        coeffs[ipc++] = er.readBits(16); // stored as a C short: wraps like NBIS
      } else if (sym === SYM_ESC_NEG16) {
        coeffs[ipc++] = -er.readBits(16);
      } else if (sym === SYM_ZRUN8 || sym === SYM_ZRUN16) {
        const run = er.readBits(sym === SYM_ZRUN8 ? 8 : 16);
        if (ipc + run > max) throw new WsqError('BAD_DATA', 'zero run extends past the subbands');
        ipc += run;
      } else {
        throw new WsqError('BAD_HUFFMAN', `invalid Huffman symbol ${sym}`);
      }
    }
  } finally {
    sink.count = ipc;
  }
}

/** NBIS `conv_img_2_uchar`. */
function toBytes(data: Float32Array, mShift: number, rScale: number): Uint8Array {
  const fr = Math.fround;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const t = fr(fr(fr(data[i]! * rScale) + mShift) + 0.5);
    out[i] = Math.min(Math.max(t, 0), 255); // the Uint8Array store truncates like the C cast
  }
  return out;
}

function validateFrame(frame: FrameHeader, maxPixels: number): WsqTrees {
  const { width, height } = frame;
  if (width === 0 || height === 0) throw new WsqError('BAD_DIMENSIONS', `image is ${width}x${height}`);
  if (width * height > maxPixels) {
    throw new WsqError('TOO_LARGE', `${width}x${height} exceeds the limit of ${maxPixels} pixels`);
  }
  return buildTrees(width, height);
}

export function decodeWsq(bytes: Uint8Array, options: DecodeOptions = {}): DecodedWsq {
  if (!(bytes instanceof Uint8Array)) throw new WsqError('INVALID_INPUT', 'input must be a Uint8Array');
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const r = new ByteReader(bytes);
  if (r.u16('SOI') !== MARKER.SOI) throw new WsqError('BAD_MARKER', 'missing SOI marker');

  const st: DecoderState = { dtt: null, dqt: null, dht: new Array(MAX_DHT_TABLES).fill(null), comments: [] };

  // Tables and comments up to the frame header.
  let frame: FrameHeader | null = null;
  while (frame === null) {
    const marker = r.u16('marker');
    if (marker === MARKER.SOF) frame = parseFrameHeader(segmentBody(r, marker));
    else if (!readTableSegment(r, marker, st)) {
      throw new WsqError('BAD_MARKER', `unexpected marker ${markerName(marker)} before the frame header`);
    }
  }
  const trees = validateFrame(frame, maxPixels);
  const { width, height } = frame;

  // Blocks, with tables and comments between them, up to EOI.
  let sink: CoefficientSink | null = null;
  let blocks = 0;
  let geometryChecked = false;
  let marker = r.u16('marker');
  while (marker !== MARKER.EOI) {
    if (marker === MARKER.SOB) {
      const body = segmentBody(r, marker);
      const tableId = body.u8('SOB table id');
      if (!st.dqt) throw new WsqError('MISSING_TABLE', 'block before any quantization table');
      if (!geometryChecked && st.dtt) {
        checkSynthesisGeometry(trees.wTree, st.dtt.lo, st.dtt.hi);
        geometryChecked = true;
      }
      if (sink === null) {
        const expected = codedCoefficientCount(st.dqt.qBin, trees.qTree);
        // Each Huffman symbol takes at least 1 bit, the longest zero-run escape codes 65535
        // zeros in at least 17 bits: refuse streams far too short for the layout they announce.
        const maxCodable = Math.ceil((r.remaining * 8) / 17) * 65535;
        if (expected > maxCodable) {
          throw new WsqError('TRUNCATED', `${r.remaining} bytes cannot code ${expected} coefficients`);
        }
        sink = { coeffs: new Int16Array(expected + 1), count: 0, expected };
      }
      if (tableId >= MAX_DHT_TABLES) throw new WsqError('BAD_HUFFMAN', `block uses table ${tableId}`);
      const table = st.dht[tableId];
      if (!table) throw new WsqError('MISSING_TABLE', `Huffman table ${tableId} is not defined`);
      const er = new EntropyReader(bytes, r.pos);
      marker = decodeEntropyData(er, table, sink);
      r.pos = er.pos;
      blocks++;
      continue;
    }
    if (marker === MARKER.SOF || marker === MARKER.SOI) {
      throw new WsqError('BAD_MARKER', `duplicate ${markerName(marker)} marker`);
    }
    if (!readTableSegment(r, marker, st)) {
      throw new WsqError('BAD_MARKER', `unexpected marker ${markerName(marker)}`);
    }
    marker = r.u16('marker');
  }
  if (blocks === 0 || sink === null) throw new WsqError('BAD_DATA', 'no coded block before EOI');
  if (!st.dtt) throw new WsqError('MISSING_TABLE', 'no transform table');
  if (!st.dqt) throw new WsqError('MISSING_TABLE', 'no quantization table');

  const plane = unquantize(sink.coeffs, st.dqt, trees.qTree, width, height);
  reconstruct(plane, width, height, trees.wTree, st.dtt.lo, st.dtt.hi);
  const pixels = toBytes(plane, frame.mShift, frame.rScale);

  const nistcom = st.comments.find(isNistcom);
  return {
    width,
    height,
    ppi: nistcom === undefined ? null : ppiFromNistcom(nistcom),
    pixels,
    comments: st.comments,
  };
}

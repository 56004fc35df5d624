import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteReader, ByteWriter } from './bytes';
import { ANALYSIS_HIGHPASS, ANALYSIS_LOWPASS } from './constants';
import { WsqError } from './errors';
import { buildNistcom, isNistcom, parseNistcom, ppiFromNistcom } from './nistcom';
import {
  floatToScaledU16,
  parseComment,
  parseFrameHeader,
  parseHuffmanTables,
  parseQuantTable,
  parseTransformTable,
  scaledToFloat,
  writeFrameHeader,
  writeQuantTable,
  writeTransformTable,
} from './tables';

/** The DTT segment body NBIS cwsq writes (taken byte for byte from an NBIS-encoded file). */
const NBIS_DTT_BODY = [
  9, 7, 0, 9, 50, 211, 37, 205, 0, 10, 224, 243, 25, 154, 1, 10, 65, 239, 241, 154, 1, 11, 142, 39, 100, 205,
  0, 11, 225, 121, 163, 51, 0, 9, 46, 255, 86, 0, 1, 10, 249, 51, 211, 51, 1, 11, 242, 135, 33, 154, 0, 10,
  38, 119, 218, 51,
];

function body(bytes: number[]): ByteReader {
  return new ByteReader(Uint8Array.from(bytes));
}

describe('WSQ marker segments', () => {
  it('converts scaled decimals with float32 steps', () => {
    assert.equal(scaledToFloat(44, 2), Math.fround(0.44));
    assert.equal(scaledToFloat(16714, 2), Math.fround(167.14));
    assert.equal(scaledToFloat(7, 0), 7);
    assert.deepEqual(floatToScaledU16(167.14), { scale: 2, raw: 16714 });
    assert.deepEqual(floatToScaledU16(0), { scale: 0, raw: 0 });
    assert.deepEqual(floatToScaledU16(1.2511), { scale: 4, raw: 12511 });
  });

  it('expands the NBIS transform table into the synthesis filters', () => {
    const { lo, hi } = parseTransformTable(body(NBIS_DTT_BODY));
    assert.equal(hi.length, 9);
    assert.equal(lo.length, 7);
    // Synthesis highpass = analysis lowpass with alternating signs; symmetric.
    assert.ok(Math.abs(hi[4]! - 0.852698573) < 1e-6);
    assert.ok(Math.abs(hi[3]! + 0.377402863) < 1e-6);
    assert.equal(hi[3], hi[5]);
    assert.equal(hi[0], hi[8]);
    assert.ok(Math.abs(lo[3]! - 0.788485616) < 1e-6);
    assert.ok(Math.abs(lo[2]! - 0.418092272) < 1e-6);
    assert.equal(lo[2], lo[4]);
  });

  it('writes the transform table exactly like NBIS', () => {
    const w = new ByteWriter();
    writeTransformTable(w, ANALYSIS_LOWPASS, ANALYSIS_HIGHPASS);
    assert.deepEqual(Array.from(w.toBytes()), [0xff, 0xa4, 0, 58, ...NBIS_DTT_BODY]);
  });

  it('reads back frame header and quantization table it writes', () => {
    const w = new ByteWriter();
    writeFrameHeader(w, 545, 622, 167.14, 1.2511);
    const bytes = w.toBytes();
    assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0xff, 0xa2, 0, 17]);
    const f = parseFrameHeader(new ByteReader(bytes, 4));
    assert.equal(f.width, 545);
    assert.equal(f.height, 622);
    assert.equal(f.mShift, Math.fround(167.14));
    assert.equal(f.rScale, Math.fround(1.2511));

    const q = new Float32Array(64);
    const z = new Float32Array(64);
    q[0] = 12.5;
    z[0] = 15;
    q[59] = 0.8125;
    z[59] = 0.975;
    const wq = new ByteWriter();
    writeQuantTable(wq, q, z);
    const qb = wq.toBytes();
    assert.equal(qb.length, 2 + 389);
    const t = parseQuantTable(new ByteReader(qb, 4));
    assert.equal(t.binCenter, Math.fround(0.44));
    assert.equal(t.qBin[0], 12.5);
    assert.equal(t.zBin[0], 15);
    assert.equal(t.qBin[59], 0.8125);
    assert.equal(t.qBin[1], 0);
  });

  it('parses several Huffman tables in one DHT segment and rejects bad ids', () => {
    const bits = new Array<number>(16).fill(0);
    bits[1] = 2;
    const tables = parseHuffmanTables(body([0, ...bits, 5, 6, 3, ...bits, 7, 8]));
    assert.deepEqual(
      tables.map((t) => [t.id, Array.from(t.spec.values)]),
      [
        [0, [5, 6]],
        [3, [7, 8]],
      ],
    );
    assert.throws(
      () => parseHuffmanTables(body([9, ...bits, 5, 6])),
      (e) => e instanceof WsqError && e.code === 'BAD_HUFFMAN',
    );
    assert.throws(
      () => parseHuffmanTables(body([0, ...bits, 5])),
      (e) => e instanceof WsqError && e.code === 'TRUNCATED',
    );
  });

  it('reads comments as Latin-1 without trailing NULs', () => {
    assert.equal(parseComment(body([0x48, 0xe9, 0x21, 0, 0])), 'Hé!');
  });
});

describe('NISTCOM', () => {
  it('builds the NBIS cwsq comment and reads PPI back', () => {
    const text = buildNistcom({ width: 256, height: 256, ppi: 500, bitrate: 2.25 });
    assert.equal(
      text,
      'NIST_COM 9\nPIX_WIDTH 256\nPIX_HEIGHT 256\nPIX_DEPTH 8\nPPI 500\nLOSSY 1\nCOLORSPACE GRAY\nCOMPRESSION WSQ\nWSQ_BITRATE 2.250000',
    );
    assert.ok(isNistcom(text));
    assert.equal(ppiFromNistcom(text), 500);
    assert.equal(ppiFromNistcom(buildNistcom({ width: 1, height: 1, ppi: null, bitrate: 1 })), null);
  });

  it('keeps fields of a NISTCOM given by the caller', () => {
    const text = buildNistcom(
      { width: 10, height: 20, ppi: 1000, bitrate: 0.75 },
      parseNistcom('NIST_COM 3\nSD_ID 14\nPPI 500'),
    );
    const fields = parseNistcom(text);
    assert.deepEqual(fields[0], ['NIST_COM', '10']);
    assert.deepEqual(fields[1], ['SD_ID', '14']);
    assert.equal(ppiFromNistcom(text), 1000);
  });
});

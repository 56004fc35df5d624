import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MARKER } from './constants';
import { decodeWsq, encodeWsq, WsqError } from './index';
import { listMarkers, psnr, syntheticFingerprint } from './test-fixtures';

const W = 256;
const H = 256;
const IMAGE = syntheticFingerprint(W, H, 7);

function isWsqError(code: string): (e: unknown) => boolean {
  return (e) => e instanceof WsqError && e.code === code;
}

/** Offset of the first marker segment `marker` (header area only). */
function segmentOffset(bytes: Uint8Array, marker: number): number {
  let p = 2;
  while (p + 3 < bytes.length) {
    const m = (bytes[p]! << 8) | bytes[p + 1]!;
    if (m === marker) return p;
    p += 2 + ((bytes[p + 2]! << 8) | bytes[p + 3]!);
  }
  return -1;
}

function withoutSegment(bytes: Uint8Array, marker: number): Uint8Array {
  const p = segmentOffset(bytes, marker);
  assert.ok(p > 0);
  const len = 2 + ((bytes[p + 2]! << 8) | bytes[p + 3]!);
  const out = new Uint8Array(bytes.length - len);
  out.set(bytes.subarray(0, p));
  out.set(bytes.subarray(p + len), p);
  return out;
}

describe('WSQ encode/decode round trip', () => {
  const low = encodeWsq({ width: W, height: H, pixels: IMAGE, ppi: 500 }, { bitrate: 0.75 });
  const high = encodeWsq({ width: W, height: H, pixels: IMAGE, ppi: 500 }, { bitrate: 2.25 });

  it('keeps dimensions and reaches the expected quality at 0.75 and 2.25 bpp', () => {
    const dLow = decodeWsq(low);
    const dHigh = decodeWsq(high);
    assert.equal(dLow.width, W);
    assert.equal(dLow.height, H);
    assert.equal(dLow.pixels.length, W * H);
    const pLow = psnr(IMAGE, dLow.pixels);
    const pHigh = psnr(IMAGE, dHigh.pixels);
    assert.ok(pLow > 32, `PSNR at 0.75 bpp: ${pLow}`);
    assert.ok(pHigh > 37, `PSNR at 2.25 bpp: ${pHigh}`);
    assert.ok(pHigh > pLow + 3);
    const bppLow = (low.length * 8) / (W * H);
    const bppHigh = (high.length * 8) / (W * H);
    assert.ok(bppLow > 0.3 && bppLow < 1.0, `actual ${bppLow} bpp`);
    assert.ok(bppHigh > 1.5 && bppHigh < 2.6, `actual ${bppHigh} bpp`);
  });

  it('is deterministic', () => {
    const again = encodeWsq({ width: W, height: H, pixels: IMAGE, ppi: 500 }, { bitrate: 0.75 });
    assert.deepEqual(again, low);
  });

  it('writes the segments in NBIS cwsq order', () => {
    const M = MARKER;
    assert.deepEqual(listMarkers(low), [
      M.SOI,
      M.COM,
      M.DTT,
      M.DQT,
      M.SOF,
      M.DHT,
      M.SOB,
      M.DHT,
      M.SOB,
      M.SOB,
      M.EOI,
    ]);
  });

  it('exposes the NISTCOM ppi and every comment', () => {
    const d = decodeWsq(
      encodeWsq({ width: W, height: H, pixels: IMAGE, ppi: 1000 }, { bitrate: 1, comment: 'Recueil' }),
    );
    assert.equal(d.ppi, 1000);
    assert.equal(d.comments.length, 2);
    assert.ok(d.comments[0]!.startsWith('NIST_COM 9\nPIX_WIDTH 256\nPIX_HEIGHT 256\n'));
    assert.ok(d.comments[0]!.includes('\nWSQ_BITRATE 1.000000'));
    assert.equal(d.comments[1], 'Recueil');
    const noPpi = decodeWsq(encodeWsq({ width: W, height: H, pixels: IMAGE }, { bitrate: 1 }));
    assert.equal(noPpi.ppi, null);
    assert.ok(noPpi.comments[0]!.includes('\nPPI -1\n'));
  });

  it('handles odd sizes, the minimum size and flat images', () => {
    for (const [w, h] of [
      [65, 65],
      [97, 131],
      [301, 77],
    ] as const) {
      const px = syntheticFingerprint(w, h, w);
      const d = decodeWsq(encodeWsq({ width: w, height: h, pixels: px }, { bitrate: 2.25 }));
      assert.equal(d.width, w);
      assert.equal(d.height, h);
      assert.ok(psnr(px, d.pixels) > 30, `${w}x${h}`);
    }
    const flat = new Uint8Array(100 * 90).fill(173);
    const d = decodeWsq(encodeWsq({ width: 100, height: 90, pixels: flat }, { bitrate: 0.75 }));
    assert.deepEqual(d.pixels, flat);
  });

  it('reads restart markers (DRT + RSTn) written by the restartInterval extension', () => {
    const withRst = encodeWsq(
      { width: W, height: H, pixels: IMAGE, ppi: 500 },
      { bitrate: 0.75, restartInterval: 37 },
    );
    const markers = listMarkers(withRst);
    assert.ok(markers.includes(MARKER.DRT));
    assert.ok(markers.filter((m) => m >= MARKER.RST0 && m <= MARKER.RST7).length > 20);
    assert.deepEqual(decodeWsq(withRst).pixels, decodeWsq(low).pixels);
  });

  it('ignores bytes after EOI and accepts tables in any order before SOF', () => {
    const tail = new Uint8Array(low.length + 5);
    tail.set(low);
    assert.deepEqual(decodeWsq(tail).pixels, decodeWsq(low).pixels);
    // Move DTT after DQT (both before SOF).
    const p = segmentOffset(low, MARKER.DTT);
    const len = 2 + ((low[p + 2]! << 8) | low[p + 3]!);
    const dtt = low.slice(p, p + len);
    const rest = withoutSegment(low, MARKER.DTT);
    const sof = segmentOffset(rest, MARKER.SOF);
    const moved = new Uint8Array(low.length);
    moved.set(rest.subarray(0, sof));
    moved.set(dtt, sof);
    moved.set(rest.subarray(sof), sof + len);
    assert.deepEqual(decodeWsq(moved).pixels, decodeWsq(low).pixels);
  });
});

describe('WSQ decoder errors', () => {
  const valid = encodeWsq(
    { width: 80, height: 72, pixels: syntheticFingerprint(80, 72, 3) },
    { bitrate: 2.25 },
  );

  it('rejects missing or wrong markers', () => {
    assert.throws(() => decodeWsq(new Uint8Array(0)), isWsqError('TRUNCATED'));
    assert.throws(() => decodeWsq(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), isWsqError('BAD_MARKER'));
    assert.throws(() => decodeWsq(Uint8Array.from([0xff, 0xa0, 0xff, 0xa1])), isWsqError('BAD_MARKER'));
    assert.throws(() => decodeWsq(Uint8Array.from([0xff, 0xa0, 0x12, 0x34])), isWsqError('BAD_MARKER'));
  });

  it('rejects bad dimensions and images over the pixel budget', () => {
    const sof = (w: number, h: number): Uint8Array =>
      Uint8Array.from([
        0xff,
        0xa0,
        0xff,
        0xa2,
        0,
        17,
        0,
        255,
        h >> 8,
        h & 255,
        w >> 8,
        w & 255,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
      ]);
    assert.throws(() => decodeWsq(sof(0, 100)), isWsqError('BAD_DIMENSIONS'));
    assert.throws(() => decodeWsq(sof(65535, 65535)), isWsqError('TOO_LARGE'));
    assert.throws(() => decodeWsq(valid, { maxPixels: 80 * 72 - 1 }), isWsqError('TOO_LARGE'));
  });

  it('rejects truncated streams and missing tables', () => {
    assert.throws(() => decodeWsq(valid.subarray(0, valid.length - 2)), isWsqError('TRUNCATED'));
    assert.throws(() => decodeWsq(valid.subarray(0, 40)), isWsqError('TRUNCATED'));
    assert.throws(() => decodeWsq(withoutSegment(valid, MARKER.DQT)), isWsqError('MISSING_TABLE'));
    assert.throws(() => decodeWsq(withoutSegment(valid, MARKER.DTT)), isWsqError('MISSING_TABLE'));
    const otherTable = valid.slice();
    const sob = segmentOffset(otherTable, MARKER.SOB);
    otherTable[sob + 4] = 5;
    assert.throws(() => decodeWsq(otherTable), isWsqError('MISSING_TABLE'));
  });

  it('rejects data that no Huffman code matches', () => {
    const bad = valid.slice();
    const sob = segmentOffset(bad, MARKER.SOB);
    // 24 consecutive 1-bits (stuffed 0xFF bytes): the all-ones code word is never assigned.
    bad.set([0xff, 0x00, 0xff, 0x00, 0xff, 0x00], sob + 5);
    assert.throws(() => decodeWsq(bad), isWsqError('BAD_HUFFMAN'));
  });

  it('rejects a segment length that overruns the file', () => {
    const bad = valid.slice();
    const dqt = segmentOffset(bad, MARKER.DQT);
    bad[dqt + 2] = 0xff;
    assert.throws(() => decodeWsq(bad), isWsqError('TRUNCATED'));
  });
});

describe('WSQ encoder argument checks', () => {
  it('rejects bad images and options', () => {
    const px = new Uint8Array(100 * 100);
    assert.throws(
      () => encodeWsq({ width: 100, height: 100, pixels: px.subarray(1) }, { bitrate: 1 }),
      isWsqError('INVALID_INPUT'),
    );
    assert.throws(
      () => encodeWsq({ width: 64, height: 100, pixels: new Uint8Array(6400) }, { bitrate: 1 }),
      isWsqError('BAD_DIMENSIONS'),
    );
    assert.throws(
      () => encodeWsq({ width: 100, height: 100, pixels: px }, { bitrate: 0 }),
      isWsqError('INVALID_INPUT'),
    );
    assert.throws(
      () => encodeWsq({ width: 100, height: 100, pixels: px }, { bitrate: Number.NaN }),
      isWsqError('INVALID_INPUT'),
    );
    assert.throws(
      () => encodeWsq({ width: 100, height: 100, pixels: px, ppi: -3 }, { bitrate: 1 }),
      isWsqError('INVALID_INPUT'),
    );
    assert.throws(
      () => encodeWsq({ width: 100, height: 100, pixels: px }, { bitrate: 1, maxPixels: 9999 }),
      isWsqError('TOO_LARGE'),
    );
  });
});

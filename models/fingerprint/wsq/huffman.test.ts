import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WsqError } from './errors';
import { buildDecoder, buildEncoder, type HuffmanSpec, specFromCounts } from './huffman';

function codeLengths(spec: HuffmanSpec): Map<number, number> {
  const enc = buildEncoder(spec);
  const m = new Map<number, number>();
  for (const v of spec.values) m.set(v, enc.size[v]!);
  return m;
}

function assertValid(spec: HuffmanSpec): void {
  const enc = buildEncoder(spec);
  let kraft = 0;
  for (const v of spec.values) {
    const size = enc.size[v]!;
    assert.ok(size >= 1 && size <= 16);
    kraft += 2 ** -size;
    assert.notEqual(enc.code[v], (1 << size) - 1, 'no code word may be all ones');
  }
  assert.ok(kraft < 1, 'the all-ones code word stays unused');
}

describe('WSQ Huffman tables', () => {
  it('gives frequent symbols shorter codes', () => {
    const counts = new Array<number>(256).fill(0);
    counts[180] = 1000;
    counts[1] = 300;
    counts[181] = 100;
    counts[179] = 100;
    counts[105] = 3;
    const spec = specFromCounts(counts);
    assertValid(spec);
    const len = codeLengths(spec);
    assert.equal(spec.values.length, 5);
    assert.ok(len.get(180)! <= len.get(1)!);
    assert.ok(len.get(1)! <= len.get(105)!);
  });

  it('limits code lengths to 16 bits for very skewed counts', () => {
    const counts = new Array<number>(256).fill(0);
    let a = 1;
    let b = 1;
    for (let s = 1; s <= 40; s++) {
      counts[s] = a;
      [a, b] = [b, a + b];
    }
    const spec = specFromCounts(counts);
    assert.equal(spec.values.length, 40);
    assertValid(spec);
  });

  it('handles a single symbol and no symbol at all', () => {
    const one = new Array<number>(256).fill(0);
    one[7] = 42;
    const spec = specFromCounts(one);
    assert.deepEqual(Array.from(spec.values), [7]);
    assert.equal(spec.bits[0], 1);
    const none = specFromCounts(new Array<number>(256).fill(0));
    assert.equal(none.values.length, 0);
    assert.ok(none.bits.every((b) => b === 0));
  });

  it('builds NBIS decode tables (maxcode/mincode/valptr)', () => {
    const bits = new Uint8Array(16);
    bits[1] = 2; // two 2-bit codes: 00, 01
    bits[2] = 3; // three 3-bit codes: 100, 101, 110
    const dec = buildDecoder({ bits, values: Uint8Array.from([10, 20, 30, 40, 50]) });
    assert.equal(dec.maxcode[1], -1);
    assert.equal(dec.mincode[2], 0);
    assert.equal(dec.maxcode[2], 1);
    assert.equal(dec.mincode[3], 4);
    assert.equal(dec.maxcode[3], 6);
    assert.equal(dec.valptr[3], 2);
  });

  it('rejects over-subscribed and inconsistent tables', () => {
    const bits = new Uint8Array(16);
    bits[0] = 3; // three 1-bit codes cannot exist
    assert.throws(
      () => buildDecoder({ bits, values: Uint8Array.from([1, 2, 3]) }),
      (e) => e instanceof WsqError && e.code === 'BAD_HUFFMAN',
    );
    const bits2 = new Uint8Array(16);
    bits2[2] = 2;
    assert.throws(
      () => buildDecoder({ bits: bits2, values: Uint8Array.from([1]) }),
      (e) => e instanceof WsqError && e.code === 'BAD_HUFFMAN',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../../core/errors';
import { FUZZ_RUNS } from '../testing/fuzz';
import { decodeOid, encodeOidValue, fromHex, hex } from './asn1';
import { announcedTlvSize, encodeTlv, parseSingleTlv, parseTlvList, parseTree, readTlv } from './tlv';

describe('BER-TLV codec', () => {
  it('decodes multi-byte tags and long-form lengths', () => {
    const t = readTlv(fromHex('5F1F03414243'));
    assert.equal(t.tag, 0x5f1f);
    assert.equal(hex(t.value), '414243');
    const long = readTlv(encodeTlv(0x7f61, new Uint8Array(300)));
    assert.equal(long.tag, 0x7f61);
    assert.equal(long.value.length, 300);
    assert.equal(hex(encodeTlv(0x42, new Uint8Array(0x81)).subarray(0, 3)), '428181');
    assert.deepEqual(announcedTlvSize(fromHex('63827ED8')), {
      tag: 0x63,
      headerLength: 4,
      total: 0x7ed8 + 4,
    });
  });

  it('rejects truncated values, huge lengths, indefinite lengths and long tags with FrameError', () => {
    const cases: [string, FrameError['code']][] = [
      ['6105414243', 'TRUNCATED'],
      ['6184FFFFFFFF00', 'TRUNCATED'],
      ['618500000000010000', 'TOO_LARGE'],
      ['618000', 'BAD_LENGTH'],
      ['5FFFFFFF0100', 'BAD_HEADER'],
      ['5F', 'TRUNCATED'],
      ['', 'TRUNCATED'],
    ];
    for (const [h, code] of cases)
      assert.throws(
        () => readTlv(fromHex(h)),
        (e: unknown) => e instanceof FrameError && e.code === code,
        h,
      );
    assert.throws(
      () => parseSingleTlv(fromHex('610100FF')),
      (e: unknown) => e instanceof FrameError && e.code === 'BAD_LENGTH',
    );
  });

  it('round-trips OIDs', () => {
    for (const oid of [
      '0.4.0.127.0.7.2.2.4.2.4',
      '1.2.840.10045.2.1',
      '2.23.136.1.1.1',
      '1.3.36.3.3.2.8.1.1.7',
    ])
      assert.equal(decodeOid(encodeOidValue(oid)), oid);
  });

  it('fuzz: encode/parse round-trips arbitrary trees', () => {
    const leaf = fc.record({
      tag: fc.constantFrom(0x04, 0x80, 0x5f1f, 0x9f01),
      value: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(leaf, { maxLength: 8 }), (leaves) => {
        const encoded = encodeTlv(
          0x7f61,
          leaves.map((l) => encodeTlv(l.tag, l.value)),
        );
        const [root] = parseTree(encoded);
        assert.equal(root?.children?.length, leaves.length);
        root?.children?.forEach((c, i) => {
          assert.equal(c.tag, leaves[i]!.tag);
          assert.deepEqual(c.value, leaves[i]!.value);
        });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('fuzz: random and mutated bytes only ever throw FrameError, never allocate beyond the input', () => {
    const seed = encodeTlv(0x63, [
      encodeTlv(0x7f61, [encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, new Uint8Array(40))]),
    ]);
    const mutated = fc
      .tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(seed.length))
      .map(([i, b, cut]) => {
        const copy = seed.slice(0, Math.max(1, cut));
        if (i < copy.length) copy[i] = b;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (bytes) => {
        try {
          const nodes = parseTree(bytes);
          for (const n of nodes) assert.ok(n.end <= bytes.length);
          parseTlvList(bytes);
        } catch (error) {
          if (!(error instanceof FrameError)) throw error;
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('bounds nesting depth', () => {
    let deep: Uint8Array = Uint8Array.of(0x04, 0x00);
    for (let k = 0; k < 40; k++) deep = encodeTlv(0x30, deep);
    assert.throws(
      () => parseTree(deep),
      (e: unknown) => e instanceof FrameError && e.code === 'TOO_LARGE',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FingerprintTemplate, Minutia } from '../minutiae/types';
import { angleDiff } from '../minutiae/types';
import { encodeIso19794_2, IsoTemplateError, parseIso19794_2, parseIsoTemplate } from './iso19794-2';

const minutiaArb = (w: number, h: number) =>
  fc.record({
    x: fc.integer({ min: 0, max: w - 1 }),
    y: fc.integer({ min: 0, max: h - 1 }),
    angle: fc.double({ min: 0, max: 2 * Math.PI, maxExcluded: true, noNaN: true }),
    type: fc.constantFrom<Minutia['type']>('ending', 'bifurcation'),
    quality: fc.integer({ min: 0, max: 100 }),
  });

const templateArb = fc
  .record({ width: fc.integer({ min: 1, max: 2000 }), height: fc.integer({ min: 1, max: 2000 }) })
  .chain(({ width, height }) =>
    fc.record({
      width: fc.constant(width),
      height: fc.constant(height),
      ppi: fc.constantFrom(500, 1000),
      minutiae: fc.array(minutiaArb(width, height), { maxLength: 80 }),
      quality: fc.integer({ min: 0, max: 100 }),
    }),
  );

function sample(): FingerprintTemplate {
  return {
    width: 388,
    height: 374,
    ppi: 500,
    quality: 64,
    minutiae: [
      { x: 10, y: 20, angle: 0, type: 'ending', quality: 80 },
      { x: 200, y: 300, angle: Math.PI / 2, type: 'bifurcation', quality: 40 },
    ],
  };
}

function expectCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof IsoTemplateError, `expected IsoTemplateError, got ${e}`);
    assert.equal(e.code, code);
    return true;
  });
}

describe('ISO/IEC 19794-2:2005 encoding', () => {
  it('writes the documented header and minutia layout', () => {
    const bytes = encodeIso19794_2(sample(), { fingerPosition: 2 });
    assert.equal(bytes.length, 24 + 4 + 2 * 6 + 2);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x46, 0x4d, 0x52, 0, 0x20, 0x32, 0x30, 0]);
    const v = new DataView(bytes.buffer);
    assert.equal(v.getUint32(8), bytes.length);
    assert.equal(v.getUint16(14), 388);
    assert.equal(v.getUint16(18), 197); // 500 ppi in pixels per cm
    assert.equal(bytes[22], 1);
    assert.deepEqual([...bytes.subarray(24, 28)], [2, 0, 64, 2]);
    // First minutia: ending (01) at x=10, y=20, angle 0, quality 80.
    assert.equal(v.getUint16(28), (1 << 14) | 10);
    assert.equal(v.getUint16(30), 20);
    assert.deepEqual([bytes[32], bytes[33]], [0, 80]);
    // Second: bifurcation (10); pointing down on screen (y grows) is 270° counter-clockwise = 192 units.
    assert.equal(v.getUint16(34) >> 14, 2);
    assert.equal(bytes[38], 192);
  });

  it('round-trips templates (positions, types, qualities exact; angles to 360/256°)', () => {
    fc.assert(
      fc.property(templateArb, (t) => {
        const parsed = parseIsoTemplate(encodeIso19794_2(t));
        assert.equal(parsed.width, t.width);
        assert.equal(parsed.height, t.height);
        assert.equal(parsed.ppi, t.ppi);
        assert.equal(parsed.quality, t.quality);
        assert.equal(parsed.minutiae.length, t.minutiae.length);
        parsed.minutiae.forEach((m, k) => {
          const o = t.minutiae[k]!;
          assert.deepEqual([m.x, m.y, m.type, m.quality], [o.x, o.y, o.type, o.quality]);
          assert.ok(Math.abs(angleDiff(m.angle, o.angle)) <= Math.PI / 256 + 1e-9);
        });
        // Encoding the parsed template again is byte-identical.
        assert.deepEqual(encodeIso19794_2(parsed), encodeIso19794_2(t));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses templates it cannot represent', () => {
    const many = { ...sample(), minutiae: Array.from({ length: 256 }, () => sample().minutiae[0]!) };
    expectCode(() => encodeIso19794_2(many), 'too-many-minutiae');
    expectCode(() => encodeIso19794_2(sample(), { fingerPosition: 11 }), 'bad-finger-position');
    expectCode(() => encodeIso19794_2(sample(), { impressionType: 5 }), 'bad-impression-type');
    const outside = { ...sample(), minutiae: [{ ...sample().minutiae[0]!, x: -1 }] };
    expectCode(() => encodeIso19794_2(outside), 'bad-minutia-position');
  });
});

describe('ISO/IEC 19794-2:2005 parsing', () => {
  const good = () => encodeIso19794_2(sample());

  it('parses the record structure', () => {
    const r = parseIso19794_2(good());
    assert.equal(r.views.length, 1);
    assert.equal(r.views[0]!.minutiae.length, 2);
    assert.equal(r.views[0]!.extendedData.length, 0);
  });

  it('skips extended data blocks and reads several views', () => {
    const one = good();
    const viewBytes = one.subarray(24);
    const ext = new Uint8Array([0, 3, 9, 9, 9]);
    const body = new Uint8Array([...viewBytes.subarray(0, viewBytes.length - 2), ...ext, ...viewBytes]);
    const rec = new Uint8Array(24 + body.length);
    rec.set(one.subarray(0, 24));
    rec.set(body, 24);
    new DataView(rec.buffer).setUint32(8, rec.length);
    rec[22] = 2;
    const r = parseIso19794_2(rec);
    assert.equal(r.views.length, 2);
    assert.deepEqual([...r.views[0]!.extendedData], [9, 9, 9]);
    assert.equal(parseIsoTemplate(rec, 1).minutiae.length, 2);
    expectCode(() => parseIsoTemplate(rec, 2), 'no-view');
  });

  it('rejects malformed records with typed errors', () => {
    const mutate = (f: (b: Uint8Array, v: DataView) => void) => {
      const b = good();
      f(b, new DataView(b.buffer));
      return b;
    };
    expectCode(() => parseIso19794_2(new Uint8Array(10)), 'truncated');
    expectCode(() => parseIso19794_2(mutate((b) => (b[0] = 0x41))), 'bad-format-id');
    expectCode(() => parseIso19794_2(mutate((b) => (b[5] = 0x31))), 'bad-version');
    expectCode(() => parseIso19794_2(mutate((_, v) => v.setUint32(8, 999))), 'bad-length');
    expectCode(() => parseIso19794_2(mutate((_, v) => v.setUint16(18, 0))), 'bad-resolution');
    expectCode(() => parseIso19794_2(mutate((b) => (b[24] = 11))), 'bad-finger-position');
    expectCode(() => parseIso19794_2(mutate((b) => (b[25] = 0x05))), 'bad-impression-type');
    expectCode(() => parseIso19794_2(mutate((b) => (b[26] = 101))), 'bad-quality');
    expectCode(() => parseIso19794_2(mutate((b) => (b[28] = 0xc0))), 'bad-minutia-type');
    expectCode(
      () => parseIso19794_2(mutate((_, v) => v.setUint16(28, (1 << 14) | 500))),
      'bad-minutia-position',
    );
    expectCode(() => parseIso19794_2(mutate((b) => (b[30] = 0x40))), 'bad-reserved');
    expectCode(() => parseIso19794_2(mutate((b) => (b[33] = 200))), 'bad-quality');
    expectCode(() => parseIso19794_2(mutate((b) => (b[27] = 3))), 'truncated');
    const extra = new Uint8Array([...good(), 0]);
    new DataView(extra.buffer).setUint32(8, extra.length);
    expectCode(() => parseIso19794_2(extra), 'bad-length');
  });

  it('only ever throws IsoTemplateError on arbitrary or corrupted input', () => {
    const check = (bytes: Uint8Array) => {
      try {
        parseIso19794_2(bytes);
      } catch (e) {
        assert.ok(e instanceof IsoTemplateError, `unexpected ${e}`);
      }
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (b) => check(b)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), (pos, value) => {
        const b = good();
        b[pos % b.length] = value;
        check(b);
      }),
      { numRuns: 300 },
    );
  });
});

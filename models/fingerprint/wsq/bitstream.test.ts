import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BitWriter, EntropyReader } from './bitstream';
import { WsqError } from './errors';

describe('WSQ entropy-coded bit I/O', () => {
  it('writes MSB first, stuffs 0x00 after 0xFF and pads with ones', () => {
    const w = new BitWriter();
    w.write(0b101, 3);
    w.write(0x1f, 5); // completes 0xBF
    w.write(0xff, 8); // stuffed
    w.write(0b0, 1);
    w.flush();
    assert.deepEqual(Array.from(w.toBytes()), [0xbf, 0xff, 0x00, 0x7f]);
  });

  it('reads bits back across bytes and stuffed zeros', () => {
    const data = Uint8Array.from([0xbf, 0xff, 0x00, 0x7f, 0xff, 0xa1]);
    const r = new EntropyReader(data, 0);
    assert.equal(r.readBits(3), 0b101);
    assert.equal(r.readBits(13), 0b11111_11111111);
    assert.equal(r.readBit(), 0);
    assert.equal(r.readBits(7), 0x7f);
    assert.equal(r.readBit(), -1);
    assert.equal(r.marker, 0xffa1);
    assert.equal(r.pos, data.length);
  });

  it('refuses a marker inside a multi-bit value and a stream without end', () => {
    const r = new EntropyReader(Uint8Array.from([0xff, 0xa3]), 0);
    assert.throws(
      () => r.readBits(8),
      (e) => e instanceof WsqError && e.code === 'BAD_MARKER',
    );
    const t = new EntropyReader(Uint8Array.from([0x12]), 0);
    t.readBits(8);
    assert.throws(
      () => t.readBit(),
      (e) => e instanceof WsqError && e.code === 'TRUNCATED',
    );
    const u = new EntropyReader(Uint8Array.from([0xff]), 0);
    assert.throws(
      () => u.readBit(),
      (e) => e instanceof WsqError && e.code === 'TRUNCATED',
    );
  });
});

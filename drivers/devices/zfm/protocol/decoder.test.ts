import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type DecoderEvent, ZfmFrameDecoder } from './decoder';
import { frames } from './frames';
import { encodePacket, PacketId, ZFM_MAX_PAYLOAD, type ZfmPacket } from './packet';

/** Fuzz budget: bounded so the file stays well under a second or two. */
const RUNS = 300;

const packetArb: fc.Arbitrary<ZfmPacket> = fc.record({
  address: fc.constantFrom(0xffffffff, 0x00000000, 0x12345678),
  pid: fc.constantFrom(PacketId.command, PacketId.data, PacketId.ack, PacketId.endData),
  payload: fc.uint8Array({ minLength: 0, maxLength: ZFM_MAX_PAYLOAD }),
});

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

/** Splits `bytes` at the given cut points (any positions, sorted and deduplicated). */
function chunk(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  return chunks;
}

function feed(decoder: ZfmFrameDecoder, chunks: Uint8Array[]): DecoderEvent[] {
  return chunks.flatMap((c) => decoder.push(c));
}

describe('ZFM streaming decoder', () => {
  it('decodes reference frames split byte by byte, skipping the power-on byte', () => {
    const decoder = new ZfmFrameDecoder();
    const stream = concat([
      frames.powerOnByte,
      frames.ackOk,
      frames.ackSystemParameters,
      frames.endDataSample,
    ]);
    const events = feed(
      decoder,
      [...stream].map((b) => Uint8Array.of(b)),
    );
    const packets = events.filter((e) => e.type === 'packet');
    assert.equal(packets.length, 3);
    assert.deepEqual(
      events.filter((e) => e.type === 'noise').map((e) => (e.type === 'noise' ? e.bytes : 0)),
      [1],
    );
    assert.equal(events.filter((e) => e.type === 'error').length, 0);
    assert.equal(decoder.buffered, 0);
  });

  it('reports a bad checksum as BAD_CHECKSUM and still decodes the next frame', () => {
    const corrupted = Uint8Array.from(frames.ackNoFinger);
    corrupted[corrupted.length - 1] = corrupted.at(-1)! ^ 0xff;
    const events = new ZfmFrameDecoder().push(concat([corrupted, frames.ackOk]));
    const errors = events.flatMap((e) => (e.type === 'error' ? [e.error.code] : []));
    assert.deepEqual(errors, ['BAD_CHECKSUM']);
    const packets = events.flatMap((e) => (e.type === 'packet' ? [e.packet] : []));
    assert.equal(packets.length, 1);
    assert.equal(packets[0]?.payload[0], 0x00);
  });

  it('rejects an oversized length field without waiting for 64 KiB', () => {
    const header = Uint8Array.from([0xef, 0x01, 0xff, 0xff, 0xff, 0xff, 0x02, 0xff, 0xff]);
    const events = new ZfmFrameDecoder().push(concat([header, frames.ackOk]));
    assert.equal(events[0]?.type, 'error');
    assert.equal(events[0]?.type === 'error' && events[0].error.code, 'TOO_LARGE');
    assert.ok(events.some((e) => e.type === 'packet'));
  });

  it('fuzz: any packets, cut anywhere, decode to exactly the same packets', () => {
    fc.assert(
      fc.property(
        fc.array(packetArb, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (packets, cuts) => {
          const bytes = concat(packets.map(encodePacket));
          const decoder = new ZfmFrameDecoder();
          const events = feed(decoder, chunk(bytes, cuts));
          assert.deepEqual(
            events.map((e) => e.type),
            packets.map(() => 'packet'),
          );
          events.forEach((e, i) => {
            assert.ok(e.type === 'packet');
            const expected = packets[i]!;
            assert.equal(e.packet.address, expected.address);
            assert.equal(e.packet.pid, expected.pid);
            assert.deepEqual([...e.packet.payload], [...expected.payload]);
          });
          assert.equal(decoder.buffered, 0);
        },
      ),
      { numRuns: RUNS, seed: 42 },
    );
  });

  it('fuzz: random bytes never throw, keep the buffer bounded, and only yield checksum-valid frames', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 8 }), (chunks) => {
        const decoder = new ZfmFrameDecoder();
        for (const c of chunks) {
          for (const event of decoder.push(c)) {
            if (event.type === 'packet') assert.deepEqual(encodePacket(event.packet), event.raw);
          }
          assert.ok(decoder.buffered <= decoder.maxBuffered);
        }
      }),
      { numRuns: RUNS, seed: 43 },
    );
  });

  it('fuzz: one flipped bit in payload or checksum is caught and the following frame survives', () => {
    fc.assert(
      fc.property(packetArb, fc.nat(), fc.integer({ min: 0, max: 7 }), (packet, where, bit) => {
        const bytes = encodePacket(packet);
        const offset = 9 + (where % (bytes.length - 9));
        bytes[offset] = bytes[offset]! ^ (1 << bit);
        const events = new ZfmFrameDecoder().push(concat([bytes, frames.ackOk]));
        const errors = events.filter((e) => e.type === 'error');
        assert.ok(errors.some((e) => e.type === 'error' && e.error.code === 'BAD_CHECKSUM'));
        const packets = events.flatMap((e) => (e.type === 'packet' ? [e.raw] : []));
        // The corrupted frame never comes out; the good ack always does (possibly after false starts).
        assert.ok(!packets.some((raw) => Buffer.from(raw).equals(Buffer.from(bytes))));
        assert.ok(packets.some((raw) => Buffer.from(raw).equals(Buffer.from(frames.ackOk))));
      }),
      { numRuns: RUNS, seed: 44 },
    );
  });
});

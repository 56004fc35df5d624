import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../core/errors';
import { encodeCommandApdu, parseCommandApdu, parseResponseApdu } from './apdu';
import { describeStatusWord, isSecureMessagingLost } from './status-words';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/** Recorded commands: SELECT eMRTD application (ICAO 9303-10), READ BINARY, GET CHALLENGE. */
const SELECT_EMRTD_AID = '00A4040C07A0000002471001';
const READ_BINARY_4_BYTES = '00B0000004';
const GET_CHALLENGE = '0084000008';

describe('APDU encoding', () => {
  it('encodes the four short cases', () => {
    assert.equal(
      hex(
        encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: Buffer.from('A0000002471001', 'hex') }),
      ),
      SELECT_EMRTD_AID,
    );
    assert.equal(hex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4 })), READ_BINARY_4_BYTES);
    assert.equal(hex(encodeCommandApdu({ cla: 0, ins: 0x84, p1: 0, p2: 0, ne: 8 })), GET_CHALLENGE);
    assert.equal(hex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 256 })), '00B0000000');
    assert.equal(hex(encodeCommandApdu({ cla: 0x80, ins: 0xca, p1: 0, p2: 0 })), '80CA0000');
  });

  it('switches to extended length when data or Ne needs it', () => {
    assert.equal(hex(encodeCommandApdu({ cla: 0, ins: 0xb1, p1: 0, p2: 0, ne: 65536 })), '00B10000000000');
    assert.equal(hex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 1000 })), '00B000000003E8');
    const long = encodeCommandApdu({ cla: 0, ins: 0x2a, p1: 0, p2: 0, data: new Uint8Array(300), ne: 256 });
    assert.equal(hex(long.subarray(0, 7)), '002A000000012C');
    assert.equal(hex(long.subarray(long.length - 2)), '0100');
  });

  it('refuses out-of-range fields', () => {
    assert.throws(() => encodeCommandApdu({ cla: 256, ins: 0, p1: 0, p2: 0 }), RangeError);
    assert.throws(() => encodeCommandApdu({ cla: 0, ins: 0, p1: 0, p2: 0, ne: 70000 }), RangeError);
  });

  it('parses what it encodes (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          cla: fc.integer({ min: 0, max: 255 }),
          ins: fc.integer({ min: 0, max: 255 }),
          p1: fc.integer({ min: 0, max: 255 }),
          p2: fc.integer({ min: 0, max: 255 }),
          data: fc.uint8Array({ maxLength: 400 }),
          ne: fc.integer({ min: 0, max: 65536 }),
        }),
        (c) => {
          const parsed = parseCommandApdu(encodeCommandApdu(c));
          assert.deepEqual([parsed.cla, parsed.ins, parsed.p1, parsed.p2], [c.cla, c.ins, c.p1, c.p2]);
          assert.deepEqual(Buffer.from(parsed.data ?? []), Buffer.from(c.data));
          assert.equal(parsed.ne ?? 0, c.ne);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects malformed command APDUs with a FrameError only (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          parseCommandApdu(bytes);
        } catch (error) {
          assert.ok(error instanceof FrameError, String(error));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('response APDUs and status words', () => {
  it('splits data and SW', () => {
    assert.deepEqual(parseResponseApdu(Uint8Array.from([1, 2, 0x90, 0x00])), {
      data: Uint8Array.from([1, 2]),
      sw: 0x9000,
    });
    assert.throws(() => parseResponseApdu(Uint8Array.of(0x90)), FrameError);
  });

  it('explains status words', () => {
    assert.equal(describeStatusWord(0x6a82), 'file or application not found');
    assert.equal(describeStatusWord(0x63c2), 'verification failed, 2 tries left');
    assert.equal(describeStatusWord(0x6c10), 'wrong Le: 16 bytes available');
    assert.equal(isSecureMessagingLost(0x6988), true);
    assert.equal(isSecureMessagingLost(0x9000), false);
  });
});

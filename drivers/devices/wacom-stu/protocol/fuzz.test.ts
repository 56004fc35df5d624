/**
 * Property tests of every STU parser: arbitrary bytes either decode or throw a FrameError (never
 * another error), mutations of valid frames are caught, valid values round-trip. Bounded runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../../core/errors';
import * as feature from './feature-reports';
import { decodeImageDataBlock, decodeStartImageData, encodeImageDataBlock } from './image';
import { decodePenReport, encodePenDataTimeCountSequence } from './pen-data';
import { ReportId, ReportLength } from './report-ids';
import { decodeStatus } from './status';

/** Runs per property: bounded so the whole folder stays well under 30 s. */
export const fuzzRuns = 1000;

const parsers: Record<string, (b: Uint8Array) => unknown> = {
  decodeInformation: feature.decodeInformation,
  decodeCapability: feature.decodeCapability,
  decodeUid: feature.decodeUid,
  decodeUid2: feature.decodeUid2,
  decodeEserial: feature.decodeEserial,
  decodeHidInformation: feature.decodeHidInformation,
  decodeInkThreshold: feature.decodeInkThreshold,
  decodeWritingArea: feature.decodeWritingArea,
  decodeStartCapture: feature.decodeStartCapture,
  reset: feature.resetCodec.decode,
  inkingMode: feature.inkingModeCodec.decode,
  penDataOptionMode: feature.penDataOptionModeCodec.decode,
  endImageData: feature.endImageDataCodec.decode,
  decodeStatus,
  decodePenReport,
  decodeStartImageData,
  decodeImageDataBlock,
};

/** Bytes that often start with a plausible report id, at plausible and implausible lengths. */
const reportBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(fc.constantFrom(...Object.values(ReportId)), fc.uint8Array({ maxLength: 40 }))
    .map(([id, rest]) => Uint8Array.from([id, ...rest])),
  fc
    .tuple(
      fc.constantFrom(...(Object.keys(ReportId) as (keyof typeof ReportId)[])),
      fc.integer({ min: -2, max: 2 }),
    )
    .chain(([name, delta]) => {
      const len = Math.max(0, ReportLength[name] + delta);
      return fc.uint8Array({ minLength: len, maxLength: len }).map((bytes) => {
        if (len > 0) bytes[0] = ReportId[name];
        return bytes;
      });
    }),
);

function onlyFrameErrors(parse: (b: Uint8Array) => unknown) {
  return (bytes: Uint8Array) => {
    try {
      parse(bytes);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
    }
  };
}

describe('STU parsers under fuzz', () => {
  for (const [name, parse] of Object.entries(parsers)) {
    it(`${name}: arbitrary bytes decode or raise FrameError`, () => {
      fc.assert(fc.property(reportBytes, onlyFrameErrors(parse)), { numRuns: fuzzRuns });
    });
  }

  it('a decoded report is exactly its declared length', () => {
    fc.assert(
      fc.property(reportBytes, (bytes) => {
        let decoded = false;
        try {
          decodePenReport(bytes);
          decoded = true;
        } catch (error) {
          assert.ok(error instanceof FrameError);
        }
        if (decoded) {
          const id = bytes[0];
          const expected =
            id === ReportId.PenData
              ? 7
              : id === ReportId.PenDataOption
                ? 9
                : id === ReportId.PenDataTimeCountSequence
                  ? 11
                  : -1;
          assert.equal(bytes.length, expected);
        }
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('timed pen samples round-trip; any truncation or extension is rejected', () => {
    const sample = fc.record({
      rdy: fc.boolean(),
      sw: fc.integer({ min: 0, max: 7 }),
      pressure: fc.integer({ min: 0, max: 4095 }),
      x: fc.integer({ min: 0, max: 0xffff }),
      y: fc.integer({ min: 0, max: 0xffff }),
      timeCount: fc.integer({ min: 0, max: 0xffff }),
      sequence: fc.integer({ min: 0, max: 0xffff }),
    });
    fc.assert(
      fc.property(
        sample,
        fc.integer({ min: 0, max: 10 }),
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        (s, cut, extra) => {
          const bytes = encodePenDataTimeCountSequence(s);
          // fast-check records have a null prototype: compare plain copies.
          assert.deepEqual(decodePenReport(bytes), { kind: 'pen-timed', sample: { ...s } });
          assert.throws(() => decodePenReport(bytes.subarray(0, cut)), FrameError);
          assert.throws(() => decodePenReport(Uint8Array.from([...bytes, ...extra])), FrameError);
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('capability and writing area round-trip', () => {
    const u16 = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(
        fc.record({
          tabletMaxX: u16,
          tabletMaxY: u16,
          tabletMaxPressure: u16,
          screenWidth: u16,
          screenHeight: u16,
          maxReportRate: fc.integer({ min: 0, max: 255 }),
          resolution: u16,
          encodingFlag: fc.integer({ min: 0, max: 255 }),
        }),
        fc.record({ upperLeftX: u16, upperLeftY: u16, lowerRightX: u16, lowerRightY: u16 }),
        (cap, rect) => {
          assert.deepEqual(feature.decodeCapability(feature.encodeCapability(cap)), { ...cap });
          assert.deepEqual(feature.decodeWritingArea(feature.encodeWritingArea(rect)), { ...rect });
        },
      ),
      { numRuns: fuzzRuns },
    );
  });

  it('image blocks round-trip for 1..253 bytes and reject any other declared length', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 253 }),
        fc.integer({ min: 254, max: 0xffff }),
        (data, badLength) => {
          const block = encodeImageDataBlock(data);
          assert.deepEqual(decodeImageDataBlock(block), data);
          block[1] = badLength & 0xff;
          block[2] = badLength >> 8;
          assert.throws(() => decodeImageDataBlock(block), FrameError);
        },
      ),
      { numRuns: fuzzRuns },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FrameError } from '../../../core/errors';
import { aimIdentifier, symbologyOf } from './aim';
import { ScanAssembler } from './assembler';
import {
  DATA_PER_REPORT,
  decodeScannedDataReport,
  encodeScannedDataReports,
  SCANNED_DATA_REPORT_LENGTH,
} from './scanned-data';

const dm = aimIdentifier('datamatrix');

function frameCode(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof FrameError) return error.code;
    throw error;
  }
}

describe('HID POS scanned data reports', () => {
  it('lays out a report as the usage tables describe it (id, byte count, AIM id, data, continued bit)', () => {
    const [report] = encodeScannedDataReports(Uint8Array.from([0x44, 0x43, 0x30, 0x34]), dm);
    assert.equal(report!.length, 64);
    assert.deepEqual([...report!.subarray(0, 9)], [0x02, 4, 0x5d, 0x64, 0x31, 0x44, 0x43, 0x30, 0x34]);
    assert.equal(report![63], 0);
    const decoded = decodeScannedDataReport(report!);
    assert.deepEqual([...decoded.data], [0x44, 0x43, 0x30, 0x34]);
    assert.equal(decoded.continued, false);
    assert.deepEqual(symbologyOf(decoded.symbology), { symbology: 'datamatrix', aim: ']d1' });
  });

  it('splits a long symbol into full reports with the continued bit, and joins them back', () => {
    const data = Uint8Array.from({ length: 150 }, (_, i) => (i * 7) & 0xff);
    const reports = encodeScannedDataReports(data, dm);
    assert.deepEqual(
      reports.map((r) => [r[1], r[63]]),
      [
        [56, 1],
        [56, 1],
        [38, 0],
      ],
    );
    const assembler = new ScanAssembler();
    assert.equal(assembler.push(reports[0]!), undefined);
    assert.equal(assembler.push(reports[1]!), undefined);
    const scan = assembler.push(reports[2]!);
    assert.deepEqual([...scan!.bytes], [...data]);
    assert.deepEqual([scan!.symbology, scan!.aim, scan!.reports], ['datamatrix', ']d1', 3]);
  });

  it('refuses malformed reports, each with its cause', () => {
    const good = encodeScannedDataReports(Uint8Array.of(1, 2, 3), dm)[0]!;
    const withByte = (at: number, value: number) => {
      const r = Uint8Array.from(good);
      r[at] = value;
      return r;
    };
    assert.equal(
      frameCode(() => decodeScannedDataReport(new Uint8Array())),
      'TRUNCATED',
    );
    assert.equal(
      frameCode(() => decodeScannedDataReport(good.subarray(0, 40))),
      'TRUNCATED',
    );
    assert.equal(
      frameCode(() => decodeScannedDataReport(Uint8Array.of(...good, 0))),
      'BAD_LENGTH',
    );
    assert.equal(
      frameCode(() => decodeScannedDataReport(withByte(0, 0x04))),
      'BAD_HEADER',
    );
    assert.equal(
      frameCode(() => decodeScannedDataReport(withByte(1, 57))),
      'BAD_LENGTH',
    );
    assert.equal(
      frameCode(() => decodeScannedDataReport(withByte(63, 1))),
      'BAD_LENGTH',
      'continued but short',
    );
    assert.equal(
      frameCode(() => new ScanAssembler().push(withByte(1, 0))),
      'TRUNCATED',
      'no data',
    );
  });

  it('drops a broken sequence (timeout, symbology change, too large) and reads the next symbol', () => {
    let now = 0;
    const assembler = new ScanAssembler({ now: () => now, partTimeoutMs: 100, maxBytes: 120 });
    const long = encodeScannedDataReports(new Uint8Array(100), dm);
    assembler.push(long[0]!);
    now = 500;
    assert.equal(
      frameCode(() => assembler.push(long[1]!)),
      'TRUNCATED',
    );
    assembler.push(long[0]!);
    const qr = encodeScannedDataReports(new Uint8Array(100), aimIdentifier('qr'));
    assert.equal(
      frameCode(() => assembler.push(qr[1]!)),
      'UNEXPECTED',
    );
    const huge = encodeScannedDataReports(new Uint8Array(200), dm);
    assembler.push(huge[0]!);
    assembler.push(huge[1]!);
    assert.equal(
      frameCode(() => assembler.push(huge[2]!)),
      'TOO_LARGE',
    );
    const next = assembler.push(encodeScannedDataReports(Uint8Array.of(9), dm)[0]!);
    assert.deepEqual([...next!.bytes], [9]);
  });

  it('never throws anything but a FrameError on arbitrary or mutated reports (fuzz)', () => {
    const valid = encodeScannedDataReports(
      Uint8Array.from({ length: 120 }, (_, i) => i),
      dm,
    );
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 6 }), (reports) => {
        const assembler = new ScanAssembler();
        for (const r of reports) {
          const outcome = frameCode(() => assembler.push(r));
          assert.ok(outcome === undefined || typeof outcome === 'string');
        }
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(2), fc.nat(SCANNED_DATA_REPORT_LENGTH - 1), fc.integer({ min: 0, max: 255 })),
          {
            maxLength: 6,
          },
        ),
        (edits) => {
          const reports = valid.map((r) => Uint8Array.from(r));
          for (const [which, at, value] of edits) reports[which]![at] = value;
          const assembler = new ScanAssembler();
          let scanned: Uint8Array | undefined;
          for (const r of reports) {
            try {
              scanned = assembler.push(r)?.bytes ?? scanned;
            } catch (error) {
              assert.ok(error instanceof FrameError);
            }
          }
          // Whatever gets through is made of the reports' own bytes, never more than they hold.
          if (scanned) assert.ok(scanned.length <= 3 * DATA_PER_REPORT);
        },
      ),
    );
  });
});

/**
 * The Scanned Data Report of a USB HID Point-of-Sale barcode scanner (HID Point of Sale Usage
 * Tables, usage page 0x8C, usage 0x12), in the 64-byte form that HID POS imagers (Honeywell,
 * Zebra, Datalogic) describe in their report descriptors:
 *
 * | byte  | usage                                                   |
 * | ----- | ------------------------------------------------------- |
 * | 0     | report id 0x02                                          |
 * | 1     | Byte Count (Generic Desktop 0x3B): data bytes in this report, 0-56 |
 * | 2-4   | Symbology Identifier 1-3 (0x8C:FB-FD): the AIM identifier, e.g. "]d1" |
 * | 5-60  | Decoded Data (0x8C:FE, buffered bytes), zero-padded     |
 * | 61-62 | vendor (code id, reserved)                              |
 * | 63    | bit 0: Decode Data Continued (0x8C:FF): more reports follow |
 *
 * A symbol longer than 56 bytes (a 2D-DOC is 100-1,500) comes as several reports, each but the
 * last with the continued bit set; `assembler.ts` joins them. Written here (no library speaks HID
 * POS for node-hid): a parser of bytes from a USB device must refuse anything malformed with a
 * FrameError, never crash, and it is fuzzed.
 */
import { FrameError } from '../../../core/errors';

export const SCANNED_DATA_REPORT_ID = 0x02;
export const SCANNED_DATA_REPORT_LENGTH = 64;
/** Decoded data bytes one report carries. */
export const DATA_PER_REPORT = 56;
const DATA_OFFSET = 5;
const FLAGS_OFFSET = 63;
const CONTINUED_BIT = 0x01;

export interface ScannedDataReport {
  /** The three symbology identifier bytes (AIM "]" + code + modifier; zeros when not sent). */
  symbology: Uint8Array;
  data: Uint8Array;
  continued: boolean;
}

/** Decodes one input report (byte 0 is the report id, as node-hid delivers numbered reports). */
export function decodeScannedDataReport(report: Uint8Array): ScannedDataReport {
  if (report.length === 0) throw new FrameError('TRUNCATED', 'empty HID report');
  if (report[0] !== SCANNED_DATA_REPORT_ID)
    throw new FrameError('BAD_HEADER', `report id 0x${report[0]!.toString(16)} is not a scanned data report`);
  if (report.length < SCANNED_DATA_REPORT_LENGTH)
    throw new FrameError('TRUNCATED', `scanned data report of ${report.length} bytes, expected 64`);
  if (report.length > SCANNED_DATA_REPORT_LENGTH)
    throw new FrameError('BAD_LENGTH', `scanned data report of ${report.length} bytes, expected 64`);
  const count = report[1]!;
  if (count > DATA_PER_REPORT)
    throw new FrameError('BAD_LENGTH', `byte count ${count} exceeds the ${DATA_PER_REPORT} data bytes`);
  const continued = (report[FLAGS_OFFSET]! & CONTINUED_BIT) !== 0;
  if (continued && count < DATA_PER_REPORT)
    throw new FrameError('BAD_LENGTH', `continued report with ${count} bytes, expected a full one`);
  return {
    symbology: report.slice(2, 5),
    data: report.slice(DATA_OFFSET, DATA_OFFSET + count),
    continued,
  };
}

/** The reports a scanner sends for one symbol (what the simulator puts on the bus). */
export function encodeScannedDataReports(data: Uint8Array, symbology: Uint8Array): Uint8Array[] {
  if (symbology.length !== 3) throw new RangeError('the symbology identifier is 3 bytes');
  const reports: Uint8Array[] = [];
  let offset = 0;
  do {
    const chunk = data.subarray(offset, offset + DATA_PER_REPORT);
    offset += chunk.length;
    const report = new Uint8Array(SCANNED_DATA_REPORT_LENGTH);
    report[0] = SCANNED_DATA_REPORT_ID;
    report[1] = chunk.length;
    report.set(symbology, 2);
    report.set(chunk, DATA_OFFSET);
    if (offset < data.length) report[FLAGS_OFFSET] = CONTINUED_BIT;
    reports.push(report);
  } while (offset < data.length);
  return reports;
}

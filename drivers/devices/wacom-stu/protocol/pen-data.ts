/**
 * Codecs of the STU pen input reports: PenData (0x01), PenDataOption (0x30, one u16 option) and
 * PenDataTimeCountSequence (0x34, device 1 ms time counter + sequence number, both u16 BE and
 * wrapping). Byte 1: bit 7 rdy (pen in proximity), bits 6–4 sw (bit 4 = tip switch), bits 3–0
 * pressure[11:8]; byte 2 pressure[7:0]; then x, y as u16 BE in tablet units.
 */
import { FrameError } from '../../../core/errors';
import { expectReport, putU16be, report, u8, u16be } from './bytes';
import { ReportId, ReportLength, reportName } from './report-ids';

export interface PenSample {
  /** Pen in proximity. */
  rdy: boolean;
  /** Switch bits (3); bit 0 is the tip switch. */
  sw: number;
  /** 0..4095 (12 bits on the wire; the Capability states the real maximum). */
  pressure: number;
  x: number;
  y: number;
}

export interface TimedPenSample extends PenSample {
  /** Device time counter in ms, 16-bit wrapping. */
  timeCount: number;
  /** Report sequence number, 16-bit wrapping (+1 per report). */
  sequence: number;
}

export type PenReport =
  | { kind: 'pen'; sample: PenSample }
  | { kind: 'pen-option'; sample: PenSample; option: number }
  | { kind: 'pen-timed'; sample: TimedPenSample };

function decodeSampleBody(bytes: Uint8Array): PenSample {
  const b1 = u8(bytes, 1);
  return {
    rdy: (b1 & 0x80) !== 0,
    sw: (b1 >> 4) & 0x07,
    pressure: ((b1 & 0x0f) << 8) | u8(bytes, 2),
    x: u16be(bytes, 3),
    y: u16be(bytes, 5),
  };
}

function encodeSampleBody(bytes: Uint8Array, s: PenSample): void {
  if (!Number.isInteger(s.sw) || s.sw < 0 || s.sw > 7) throw new RangeError(`sw ${s.sw} out of 0..7`);
  if (!Number.isInteger(s.pressure) || s.pressure < 0 || s.pressure > 0x0fff) {
    throw new RangeError(`pressure ${s.pressure} out of 0..4095`);
  }
  bytes[1] = (s.rdy ? 0x80 : 0) | (s.sw << 4) | (s.pressure >> 8);
  bytes[2] = s.pressure & 0xff;
  putU16be(bytes, 3, s.x, 'x');
  putU16be(bytes, 5, s.y, 'y');
}

export function decodePenData(bytes: Uint8Array): PenSample {
  expectReport(bytes, ReportId.PenData, ReportLength.PenData, 'PenData');
  return decodeSampleBody(bytes);
}

export function encodePenData(s: PenSample): Uint8Array {
  const bytes = report(ReportId.PenData, ReportLength.PenData);
  encodeSampleBody(bytes, s);
  return bytes;
}

export function decodePenDataOption(bytes: Uint8Array): { sample: PenSample; option: number } {
  expectReport(bytes, ReportId.PenDataOption, ReportLength.PenDataOption, 'PenDataOption');
  return { sample: decodeSampleBody(bytes), option: u16be(bytes, 7) };
}

export function encodePenDataOption(s: PenSample, option: number): Uint8Array {
  const bytes = report(ReportId.PenDataOption, ReportLength.PenDataOption);
  encodeSampleBody(bytes, s);
  putU16be(bytes, 7, option, 'option');
  return bytes;
}

export function decodePenDataTimeCountSequence(bytes: Uint8Array): TimedPenSample {
  expectReport(
    bytes,
    ReportId.PenDataTimeCountSequence,
    ReportLength.PenDataTimeCountSequence,
    'PenDataTimeCountSequence',
  );
  return { ...decodeSampleBody(bytes), timeCount: u16be(bytes, 7), sequence: u16be(bytes, 9) };
}

export function encodePenDataTimeCountSequence(s: TimedPenSample): Uint8Array {
  const bytes = report(ReportId.PenDataTimeCountSequence, ReportLength.PenDataTimeCountSequence);
  encodeSampleBody(bytes, s);
  putU16be(bytes, 7, s.timeCount, 'timeCount');
  putU16be(bytes, 9, s.sequence, 'sequence');
  return bytes;
}

/** Decodes any pen input report; other input reports (encrypted, events) are a FrameError. */
export function decodePenReport(bytes: Uint8Array): PenReport {
  if (bytes.length === 0) throw new FrameError('TRUNCATED', 'input report: empty');
  switch (bytes[0]) {
    case ReportId.PenData:
      return { kind: 'pen', sample: decodePenData(bytes) };
    case ReportId.PenDataOption: {
      const { sample, option } = decodePenDataOption(bytes);
      return { kind: 'pen-option', sample, option };
    }
    case ReportId.PenDataTimeCountSequence:
      return { kind: 'pen-timed', sample: decodePenDataTimeCountSequence(bytes) };
    default:
      throw new FrameError(
        'BAD_HEADER',
        `input report ${reportName(bytes[0] ?? 0)} is not a supported pen report`,
      );
  }
}

/** Tip down: the tip switch bit of `sw`. */
export function tipDown(s: PenSample): boolean {
  return (s.sw & 0x01) !== 0;
}

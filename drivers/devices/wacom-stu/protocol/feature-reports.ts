/**
 * Codecs of the STU feature reports (commands and device information): one encode/decode pair per
 * report, exact lengths, mixed endianness as the SDK defines it (Capability, Uid, HidInformation
 * big-endian; rectangles and ink thresholds little-endian). The driver encodes sets and decodes gets;
 * the simulator does the reverse, so both sides share one definition of every byte.
 */
import { FrameError } from '../../../core/errors';
import {
  asciiField,
  expectReport,
  putAscii,
  putU8,
  putU16be,
  putU16le,
  putU32be,
  report,
  u8,
  u16be,
  u16le,
  u32be,
} from './bytes';
import { ReportId, ReportLength } from './report-ids';

// --- Information (0x08, get) -------------------------------------------------------------------

export interface Information {
  /** Model name as the firmware states it, e.g. "STU-540". */
  modelName: string;
  firmwareMajor: number;
  firmwareMinor: number;
  secureIc: number;
  secureIcVersion: [number, number, number, number];
}

export function decodeInformation(bytes: Uint8Array): Information {
  expectReport(bytes, ReportId.Information, ReportLength.Information, 'Information');
  const modelName = asciiField(bytes, 1, 9, 'Information.modelName');
  if (modelName.length === 0) throw new FrameError('UNEXPECTED', 'Information: empty model name');
  return {
    modelName,
    firmwareMajor: u8(bytes, 10),
    firmwareMinor: u8(bytes, 11),
    secureIc: u8(bytes, 12),
    secureIcVersion: [u8(bytes, 13), u8(bytes, 14), u8(bytes, 15), u8(bytes, 16)],
  };
}

export function encodeInformation(info: Information): Uint8Array {
  const bytes = report(ReportId.Information, ReportLength.Information);
  putAscii(bytes, 1, 9, info.modelName, 'modelName');
  putU8(bytes, 10, info.firmwareMajor, 'firmwareMajor');
  putU8(bytes, 11, info.firmwareMinor, 'firmwareMinor');
  putU8(bytes, 12, info.secureIc, 'secureIc');
  for (const [i, v] of info.secureIcVersion.entries()) putU8(bytes, 13 + i, v, 'secureIcVersion');
  return bytes;
}

/** "major.minor" with the minor in two hex digits, as Wacom tools print it (e.g. "1.0b"). */
export function formatFirmware(info: Pick<Information, 'firmwareMajor' | 'firmwareMinor'>): string {
  return `${info.firmwareMajor.toString(16)}.${info.firmwareMinor.toString(16).padStart(2, '0')}`;
}

// --- Capability (0x09, get) --------------------------------------------------------------------

export const EncodingFlag = { Zlib: 0x01, OneBit: 0x02, SixteenBit: 0x04, TwentyFourBit: 0x08 } as const;

export interface Capability {
  tabletMaxX: number;
  tabletMaxY: number;
  tabletMaxPressure: number;
  screenWidth: number;
  screenHeight: number;
  /** Reports per second; 0 on STU-300/500 firmware. */
  maxReportRate: number;
  /** Tablet units per inch; 0 on STU-300/500 firmware. */
  resolution: number;
  /** EncodingFlag bits; 0 on old firmware (then infer from the PID). */
  encodingFlag: number;
}

export function decodeCapability(bytes: Uint8Array): Capability {
  expectReport(bytes, ReportId.Capability, ReportLength.Capability, 'Capability');
  const cap: Capability = {
    tabletMaxX: u16be(bytes, 1),
    tabletMaxY: u16be(bytes, 3),
    tabletMaxPressure: u16be(bytes, 5),
    screenWidth: u16be(bytes, 7),
    screenHeight: u16be(bytes, 9),
    maxReportRate: u8(bytes, 11),
    resolution: u16be(bytes, 12),
    encodingFlag: u8(bytes, 14),
  };
  if (u8(bytes, 15) !== 0 || u8(bytes, 16) !== 0)
    throw new FrameError('UNEXPECTED', 'Capability: reserved bytes set');
  return cap;
}

export function encodeCapability(cap: Capability): Uint8Array {
  const bytes = report(ReportId.Capability, ReportLength.Capability);
  putU16be(bytes, 1, cap.tabletMaxX, 'tabletMaxX');
  putU16be(bytes, 3, cap.tabletMaxY, 'tabletMaxY');
  putU16be(bytes, 5, cap.tabletMaxPressure, 'tabletMaxPressure');
  putU16be(bytes, 7, cap.screenWidth, 'screenWidth');
  putU16be(bytes, 9, cap.screenHeight, 'screenHeight');
  putU8(bytes, 11, cap.maxReportRate, 'maxReportRate');
  putU16be(bytes, 12, cap.resolution, 'resolution');
  putU8(bytes, 14, cap.encodingFlag, 'encodingFlag');
  return bytes;
}

/** A capability a driver can work with: non-zero axes and screen, pressure in 12 bits. */
export function capabilityProblems(cap: Capability): string[] {
  const problems: string[] = [];
  if (cap.tabletMaxX === 0 || cap.tabletMaxY === 0) problems.push('tablet size is zero');
  if (cap.screenWidth === 0 || cap.screenHeight === 0) problems.push('screen size is zero');
  if (cap.tabletMaxPressure === 0 || cap.tabletMaxPressure > 0x0fff)
    problems.push('pressure range outside 1..4095');
  if (cap.maxReportRate !== 0 && cap.maxReportRate < 50)
    problems.push(`report rate ${cap.maxReportRate}/s is too low`);
  return problems;
}

// --- Uid (0x0A, get/set), Uid2 (0x0B, get), eSerial (0x0F, get) -------------------------------

export function decodeUid(bytes: Uint8Array): number {
  expectReport(bytes, ReportId.Uid, ReportLength.Uid, 'Uid');
  return u32be(bytes, 1);
}

export function encodeUid(uid: number): Uint8Array {
  const bytes = report(ReportId.Uid, ReportLength.Uid);
  putU32be(bytes, 1, uid, 'uid');
  return bytes;
}

export function decodeUid2(bytes: Uint8Array): string {
  expectReport(bytes, ReportId.Uid2, ReportLength.Uid2, 'Uid2');
  return asciiField(bytes, 1, 10, 'Uid2');
}

export function encodeUid2(uid2: string): Uint8Array {
  const bytes = report(ReportId.Uid2, ReportLength.Uid2);
  putAscii(bytes, 1, 10, uid2, 'uid2');
  return bytes;
}

export function decodeEserial(bytes: Uint8Array): string {
  expectReport(bytes, ReportId.Eserial, ReportLength.Eserial, 'Eserial');
  return asciiField(bytes, 1, 13, 'Eserial');
}

export function encodeEserial(serial: string): Uint8Array {
  const bytes = report(ReportId.Eserial, ReportLength.Eserial);
  putAscii(bytes, 1, 13, serial, 'eSerial');
  return bytes;
}

// --- HidInformation (0x06, get; 430V/540) ------------------------------------------------------

export interface HidInformation {
  vendorId: number;
  productId: number;
  bcdDevice: number;
}

export function decodeHidInformation(bytes: Uint8Array): HidInformation {
  expectReport(bytes, ReportId.HidInformation, ReportLength.HidInformation, 'HidInformation');
  return { vendorId: u16be(bytes, 1), productId: u16be(bytes, 3), bcdDevice: u16be(bytes, 5) };
}

export function encodeHidInformation(info: HidInformation): Uint8Array {
  const bytes = report(ReportId.HidInformation, ReportLength.HidInformation);
  putU16be(bytes, 1, info.vendorId, 'vendorId');
  putU16be(bytes, 3, info.productId, 'productId');
  putU16be(bytes, 5, info.bcdDevice, 'bcdDevice');
  return bytes;
}

// --- One-byte commands: Reset, ClearScreen, InkingMode, PenDataOptionMode, EndImageData --------

export const ResetFlag = { Software: 0, Hardware: 1 } as const;
export const PenDataOptionModeValue = {
  None: 0,
  TimeCount: 1,
  SequenceNumber: 2,
  TimeCountSequence: 3,
} as const;
export const EndImageDataFlag = { Commit: 0, Abandon: 1 } as const;

function byteCommand(name: string, id: number, length: number, allowed: readonly number[]) {
  return {
    encode(value: number): Uint8Array {
      if (!allowed.includes(value))
        throw new RangeError(`${name}: ${value} is not one of ${allowed.join(', ')}`);
      const bytes = report(id, length);
      bytes[1] = value;
      return bytes;
    },
    decode(bytes: Uint8Array): number {
      expectReport(bytes, id, length, name);
      const value = u8(bytes, 1);
      if (!allowed.includes(value))
        throw new FrameError('UNEXPECTED', `${name}: value ${value} not in ${allowed.join(', ')}`);
      return value;
    },
  };
}

export const resetCodec = byteCommand('Reset', ReportId.Reset, ReportLength.Reset, [0, 1]);
export const clearScreenCodec = byteCommand(
  'ClearScreen',
  ReportId.ClearScreen,
  ReportLength.ClearScreen,
  [0],
);
export const inkingModeCodec = byteCommand(
  'InkingMode',
  ReportId.InkingMode,
  ReportLength.InkingMode,
  [0, 1],
);
export const penDataOptionModeCodec = byteCommand(
  'PenDataOptionMode',
  ReportId.PenDataOptionMode,
  ReportLength.PenDataOptionMode,
  [0, 1, 2, 3],
);
export const endImageDataCodec = byteCommand(
  'EndImageData',
  ReportId.EndImageData,
  ReportLength.EndImageData,
  [0, 1],
);
export const endCaptureCodec = byteCommand('EndCapture', ReportId.EndCapture, ReportLength.EndCapture, [0]);

// --- InkThreshold (0x22, get/set) --------------------------------------------------------------

export interface InkThreshold {
  onPressureMark: number;
  offPressureMark: number;
}

/** SDK factory defaults. */
export const defaultInkThreshold: InkThreshold = { onPressureMark: 21, offPressureMark: 17 };

export function decodeInkThreshold(bytes: Uint8Array): InkThreshold {
  expectReport(bytes, ReportId.InkThreshold, ReportLength.InkThreshold, 'InkThreshold');
  const t = { onPressureMark: u16le(bytes, 1), offPressureMark: u16le(bytes, 3) };
  if (t.onPressureMark > 0x3ff || t.offPressureMark > 0x3ff)
    throw new FrameError('UNEXPECTED', 'InkThreshold: above 0x3FF');
  return t;
}

export function encodeInkThreshold(t: InkThreshold): Uint8Array {
  if (t.onPressureMark > 0x3ff || t.offPressureMark > 0x3ff)
    throw new RangeError('InkThreshold: above 0x3FF');
  const bytes = report(ReportId.InkThreshold, ReportLength.InkThreshold);
  putU16le(bytes, 1, t.onPressureMark, 'onPressureMark');
  putU16le(bytes, 3, t.offPressureMark, 'offPressureMark');
  return bytes;
}

// --- HandwritingDisplayArea (0x2A, get/set): the writing area, inclusive screen rectangle ------

export interface Rectangle {
  upperLeftX: number;
  upperLeftY: number;
  lowerRightX: number;
  lowerRightY: number;
}

export function decodeWritingArea(bytes: Uint8Array): Rectangle {
  expectReport(
    bytes,
    ReportId.HandwritingDisplayArea,
    ReportLength.HandwritingDisplayArea,
    'HandwritingDisplayArea',
  );
  return {
    upperLeftX: u16le(bytes, 1),
    upperLeftY: u16le(bytes, 3),
    lowerRightX: u16le(bytes, 5),
    lowerRightY: u16le(bytes, 7),
  };
}

export function encodeWritingArea(r: Rectangle): Uint8Array {
  const bytes = report(ReportId.HandwritingDisplayArea, ReportLength.HandwritingDisplayArea);
  putU16le(bytes, 1, r.upperLeftX, 'upperLeftX');
  putU16le(bytes, 3, r.upperLeftY, 'upperLeftY');
  putU16le(bytes, 5, r.lowerRightX, 'lowerRightX');
  putU16le(bytes, 7, r.lowerRightY, 'lowerRightY');
  return bytes;
}

/** The firmware silently ignores an invalid rectangle: callers check it against the screen first. */
export function isValidWritingArea(r: Rectangle, screenWidth: number, screenHeight: number): boolean {
  return (
    r.upperLeftX <= r.lowerRightX &&
    r.upperLeftY <= r.lowerRightY &&
    r.lowerRightX < screenWidth &&
    r.lowerRightY < screenHeight
  );
}

// --- StartCapture (0x15, set) ------------------------------------------------------------------

export function encodeStartCapture(sessionId: number): Uint8Array {
  const bytes = report(ReportId.StartCapture, ReportLength.StartCapture);
  putU32be(bytes, 1, sessionId, 'sessionId');
  return bytes;
}

export function decodeStartCapture(bytes: Uint8Array): number {
  expectReport(bytes, ReportId.StartCapture, ReportLength.StartCapture, 'StartCapture');
  return u32be(bytes, 1);
}

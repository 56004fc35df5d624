/**
 * The STU firmware's command discipline: status codes (report 0x03), result (error) codes, and the
 * per-report allow-table saying in which status a get or set is accepted (after the SDK's
 * ProtocolHelper send table). Shared by the driver (wait for an allowed status before sending) and
 * the simulator (refuse with WrongState otherwise).
 */
import { FrameError } from '../../../core/errors';
import { expectReport, putU16le, report, u8, u16le } from './bytes';
import { ReportId, ReportLength, reportName } from './report-ids';

export const StatusCode = {
  Ready: 0x00,
  Image: 0x01,
  Capture: 0x02,
  Calculation: 0x03,
  ImageBoot: 0x04,
  RomBusy: 0x05,
  SystemReset: 0xff,
} as const;
export type StatusCodeName = keyof typeof StatusCode;
export type StatusCodeValue = (typeof StatusCode)[StatusCodeName];

export const ResultCode = {
  None: 0x00,
  WrongReportId: 0x01,
  WrongState: 0x02,
  Crc: 0x03,
  BadParameter: 0x04,
  GraphicsWrongEncodingType: 0x10,
  GraphicsImageTooLong: 0x11,
  GraphicsZlibError: 0x12,
  GraphicsWrongParameters: 0x15,
  PadNotExist: 0x20,
  RomSizeOverflow: 0x33,
  RomInvalidParameter: 0x34,
  RomErrorCrc: 0x35,
} as const;
export type ResultCodeName = keyof typeof ResultCode;

const statusNames = new Map<number, StatusCodeName>(
  (Object.entries(StatusCode) as [StatusCodeName, number][]).map(([n, v]) => [v, n]),
);
const resultNames = new Map<number, ResultCodeName>(
  (Object.entries(ResultCode) as [ResultCodeName, number][]).map(([n, v]) => [v, n]),
);

export function isStatusCode(value: number): value is StatusCodeValue {
  return statusNames.has(value);
}

export function statusName(code: number): string {
  return statusNames.get(code) ?? `0x${code.toString(16)}`;
}

/** Result codes 0x80–0xFF are firmware-internal; anything else unknown is reported by value. */
export function resultName(code: number): string {
  return (
    resultNames.get(code) ?? (code >= 0x80 ? `Internal(0x${code.toString(16)})` : `0x${code.toString(16)}`)
  );
}

export interface Status {
  statusCode: StatusCodeValue;
  lastResultCode: number;
  statusWord: number;
}

export function decodeStatus(bytes: Uint8Array): Status {
  expectReport(bytes, ReportId.Status, ReportLength.Status, 'Status');
  const statusCode = u8(bytes, 1);
  if (!isStatusCode(statusCode))
    throw new FrameError('UNEXPECTED', `Status: unknown status code 0x${statusCode.toString(16)}`);
  return { statusCode, lastResultCode: u8(bytes, 2), statusWord: u16le(bytes, 3) };
}

export function encodeStatus(status: Status): Uint8Array {
  const bytes = report(ReportId.Status, ReportLength.Status);
  bytes[1] = status.statusCode;
  bytes[2] = status.lastResultCode & 0xff;
  putU16le(bytes, 3, status.statusWord, 'statusWord');
  return bytes;
}

export type Direction = 'get' | 'set';

const all: readonly StatusCodeValue[] = [
  StatusCode.Ready,
  StatusCode.Image,
  StatusCode.Capture,
  StatusCode.Calculation,
  StatusCode.ImageBoot,
  StatusCode.RomBusy,
];
const { Ready, Image, Capture, RomBusy } = StatusCode;

/**
 * Allow-table: for each report and direction, the statuses in which the firmware accepts it.
 * SystemReset accepts nothing. Reports absent from the table are not commands (input reports).
 */
export const allowTable: Readonly<Record<string, readonly StatusCodeValue[]>> = {
  [`get:${ReportId.Status}`]: all,
  [`set:${ReportId.Reset}`]: all,
  [`get:${ReportId.HidInformation}`]: all,
  [`get:${ReportId.Information}`]: all,
  [`get:${ReportId.Capability}`]: all,
  [`get:${ReportId.Uid}`]: all,
  [`set:${ReportId.Uid}`]: [Ready],
  [`get:${ReportId.Uid2}`]: all,
  [`get:${ReportId.Eserial}`]: all,
  [`set:${ReportId.StartCapture}`]: [Ready],
  [`set:${ReportId.EndCapture}`]: [Capture],
  [`set:${ReportId.ClearScreen}`]: [Ready],
  [`get:${ReportId.InkingMode}`]: all,
  [`set:${ReportId.InkingMode}`]: all,
  [`get:${ReportId.InkThreshold}`]: all,
  [`set:${ReportId.InkThreshold}`]: [Ready],
  [`set:${ReportId.StartImageData}`]: [Ready],
  [`set:${ReportId.ImageDataBlock}`]: [Image],
  [`set:${ReportId.EndImageData}`]: [Image],
  [`get:${ReportId.HandwritingDisplayArea}`]: all.filter((s) => s !== RomBusy),
  [`set:${ReportId.HandwritingDisplayArea}`]: all.filter((s) => s !== RomBusy),
  [`get:${ReportId.PenDataOptionMode}`]: all,
  [`set:${ReportId.PenDataOptionMode}`]: all,
};

/** Whether the firmware accepts `direction` of `reportId` while in `status`. */
export function statusAllows(status: number, reportId: number, direction: Direction): boolean {
  const allowed = allowTable[`${direction}:${reportId}`];
  if (!allowed) throw new RangeError(`${direction} ${reportName(reportId)} is not a command`);
  return (allowed as readonly number[]).includes(status);
}

export function isCommand(reportId: number, direction: Direction): boolean {
  return allowTable[`${direction}:${reportId}`] !== undefined;
}

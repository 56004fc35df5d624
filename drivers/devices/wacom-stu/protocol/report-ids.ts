/**
 * The STU report map (Wacom STU SDK, WacomGSS/STU/Protocol.hpp, summarised in
 * shared/research/devices.md §1.1): report ids and their total HID lengths (id byte included).
 * Only the reports this driver speaks are listed; encryption, PIN pad and ROM image reports are out
 * of v1 scope.
 */
export const ReportId = {
  PenData: 0x01,
  Status: 0x03,
  Reset: 0x04,
  HidInformation: 0x06,
  Information: 0x08,
  Capability: 0x09,
  Uid: 0x0a,
  Uid2: 0x0b,
  Eserial: 0x0f,
  StartCapture: 0x15,
  EndCapture: 0x16,
  ClearScreen: 0x20,
  InkingMode: 0x21,
  InkThreshold: 0x22,
  StartImageData: 0x25,
  ImageDataBlock: 0x26,
  EndImageData: 0x27,
  HandwritingDisplayArea: 0x2a,
  PenDataOption: 0x30,
  PenDataOptionMode: 0x32,
  PenDataTimeCountSequenceEncrypted: 0x33,
  PenDataTimeCountSequence: 0x34,
} as const;
export type ReportIdName = keyof typeof ReportId;
export type ReportIdValue = (typeof ReportId)[ReportIdName];

/** Total report lengths over HID, id byte included. */
export const ReportLength = {
  PenData: 7,
  Status: 5,
  Reset: 2,
  HidInformation: 9,
  Information: 17,
  Capability: 17,
  Uid: 5,
  Uid2: 11,
  Eserial: 14,
  StartCapture: 5,
  EndCapture: 2,
  ClearScreen: 2,
  InkingMode: 2,
  InkThreshold: 5,
  StartImageData: 2,
  ImageDataBlock: 256,
  EndImageData: 2,
  HandwritingDisplayArea: 9,
  PenDataOption: 9,
  PenDataOptionMode: 2,
  PenDataTimeCountSequenceEncrypted: 17,
  PenDataTimeCountSequence: 11,
} as const satisfies Record<ReportIdName, number>;

const names = new Map<number, ReportIdName>(
  (Object.entries(ReportId) as [ReportIdName, number][]).map(([name, id]) => [id, name]),
);

export function reportName(id: number): string {
  return names.get(id) ?? `0x${id.toString(16).padStart(2, '0')}`;
}

export function reportIdName(id: number): ReportIdName | undefined {
  return names.get(id);
}

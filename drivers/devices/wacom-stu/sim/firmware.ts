/**
 * The STU firmware, emulated: the state behind the feature reports (status and last result code,
 * inking, ink threshold, writing area, pen-data option mode, image upload buffer, what the LCD
 * shows) and the per-report allow-table, answering with the same bytes a real unit sends. It knows
 * nothing of transports or timers: the simulator feeds it feature reports and pen frames and ships
 * the input reports it produces.
 */

import type { StuProfile } from '../descriptor';
import type { HidInformation, Information, InkThreshold, Rectangle } from '../protocol/feature-reports';
import {
  clearScreenCodec,
  decodeInkThreshold,
  decodeStartCapture,
  decodeUid,
  decodeWritingArea,
  defaultInkThreshold,
  encodeCapability,
  encodeEserial,
  encodeHidInformation,
  encodeInformation,
  encodeInkThreshold,
  encodeUid,
  encodeUid2,
  encodeWritingArea,
  endCaptureCodec,
  endImageDataCodec,
  inkingModeCodec,
  isValidWritingArea,
  penDataOptionModeCodec,
  resetCodec,
} from '../protocol/feature-reports';
import {
  decodeImageDataBlock,
  decodeStartImageData,
  deviceSupportsMode,
  type EncodingModeValue,
  imageByteLength,
} from '../protocol/image';
import {
  encodePenData,
  encodePenDataOption,
  encodePenDataTimeCountSequence,
  type PenSample,
} from '../protocol/pen-data';
import { ReportId, ReportLength } from '../protocol/report-ids';
import {
  encodeStatus,
  isCommand,
  ResultCode,
  StatusCode,
  type StatusCodeValue,
  statusAllows,
} from '../protocol/status';

/** A get the firmware does not answer: the USB control transfer stalls. */
export class StallError extends Error {
  constructor(reportId: number) {
    super(`HID get feature report 0x${reportId.toString(16).padStart(2, '0')} failed (stalled)`);
    this.name = 'StallError';
  }
}

export interface ScreenState {
  /** Image committed by the last EndImageData(commit), if any, since the last clear/reset. */
  image?: { mode: EncodingModeValue; bytes: number };
  /** Samples drawn in ink on the LCD since the last clear. */
  inkedSamples: number;
  clears: number;
}

export interface FirmwareState {
  status: StatusCodeValue;
  lastResultCode: number;
  inking: boolean;
  penDataOptionMode: number;
  writingArea: Rectangle;
  inkThreshold: InkThreshold;
  uid: number;
  sequence: number;
  screen: ScreenState;
  uploading?: { mode: EncodingModeValue; received: number };
}

export interface FirmwareIdentity {
  information: Information;
  hidInformation: HidInformation;
  uid: number;
  uid2: string;
  eSerial: string;
}

export class StuFirmware {
  private state!: FirmwareState;
  private upload:
    | { mode: EncodingModeValue; chunks: Uint8Array[]; received: number; tooLong: boolean }
    | undefined;
  private heldStatus: StatusCodeValue | undefined;
  private readonly forcedResults = new Map<number, number>();
  private inkDown = false;
  private sequence = 0;

  constructor(
    readonly profile: StuProfile,
    readonly identity: FirmwareIdentity,
  ) {
    this.powerOn();
  }

  private fullScreen(): Rectangle {
    const c = this.profile.capability;
    return { upperLeftX: 0, upperLeftY: 0, lowerRightX: c.screenWidth - 1, lowerRightY: c.screenHeight - 1 };
  }

  /** Factory state after power-on or reset (SDK: Ready, inking on, option mode off, default areas). */
  private powerOn(status: StatusCodeValue = StatusCode.Ready): void {
    this.upload = undefined;
    this.inkDown = false;
    this.state = {
      status,
      lastResultCode: ResultCode.None,
      inking: true,
      penDataOptionMode: 0,
      writingArea: this.fullScreen(),
      inkThreshold: { ...defaultInkThreshold },
      uid: this.state?.uid ?? this.identity.uid,
      sequence: this.sequence,
      screen: { inkedSamples: 0, clears: this.state?.screen.clears ?? 0 },
    };
  }

  snapshot(): FirmwareState {
    return structuredClone({
      ...this.state,
      status: this.status,
      sequence: this.sequence,
      uploading: this.upload && { mode: this.upload.mode, received: this.upload.received },
    });
  }

  get status(): StatusCodeValue {
    return this.heldStatus ?? this.state.status;
  }

  /** Fault injection: report `status` and obey its allow-table until released. */
  holdStatus(status: StatusCodeValue | undefined): void {
    this.heldStatus = status;
  }

  /** Fault injection: the next set of `reportId` ends with `resultCode`, with no effect. */
  failNextSet(reportId: number, resultCode: number): void {
    this.forcedResults.set(reportId, resultCode);
  }

  /** Soft reset in progress ends: SystemReset → Ready. */
  completeReset(): void {
    if (this.state.status === StatusCode.SystemReset) this.state.status = StatusCode.Ready;
  }

  // --- feature reports --------------------------------------------------------------------------

  getFeature(reportId: number): Uint8Array {
    const status = this.status;
    if (reportId !== ReportId.Status && (status === StatusCode.SystemReset || !isCommand(reportId, 'get'))) {
      throw new StallError(reportId);
    }
    if (reportId !== ReportId.Status && !statusAllows(status, reportId, 'get'))
      throw new StallError(reportId);
    const p = this.profile;
    switch (reportId) {
      case ReportId.Status:
        return encodeStatus({ statusCode: status, lastResultCode: this.state.lastResultCode, statusWord: 0 });
      case ReportId.Information:
        return encodeInformation(this.identity.information);
      case ReportId.Capability:
        return encodeCapability(p.capability);
      case ReportId.HidInformation:
        if (!p.hasHidInformation) throw new StallError(reportId);
        return encodeHidInformation(this.identity.hidInformation);
      case ReportId.Uid:
        return encodeUid(this.state.uid);
      case ReportId.Uid2:
        return encodeUid2(this.identity.uid2);
      case ReportId.Eserial:
        if (!p.hasEserial) throw new StallError(reportId);
        return encodeEserial(this.identity.eSerial);
      case ReportId.InkingMode:
        return inkingModeCodec.encode(this.state.inking ? 1 : 0);
      case ReportId.InkThreshold:
        return encodeInkThreshold(this.state.inkThreshold);
      case ReportId.HandwritingDisplayArea:
        return encodeWritingArea(this.state.writingArea);
      case ReportId.PenDataOptionMode:
        return penDataOptionModeCodec.encode(this.state.penDataOptionMode);
      default:
        throw new StallError(reportId);
    }
  }

  /**
   * A SET_REPORT(feature). The transfer itself always succeeds (as on the device); the outcome is in
   * lastResultCode of the next Status. Returns true when the command started a soft reset.
   */
  setFeature(bytes: Uint8Array): { reset: boolean } {
    const reportId = bytes[0] ?? 0;
    const result = this.applySet(reportId, bytes);
    this.state.lastResultCode = result.code;
    return { reset: result.reset };
  }

  private applySet(reportId: number, bytes: Uint8Array): { code: number; reset: boolean } {
    const none = { code: ResultCode.None, reset: false };
    const fail = (code: number) => ({ code, reset: false });
    if (!isCommand(reportId, 'set')) return fail(ResultCode.WrongReportId);
    const status = this.status;
    if (status === StatusCode.SystemReset || !statusAllows(status, reportId, 'set'))
      return fail(ResultCode.WrongState);
    const forced = this.forcedResults.get(reportId);
    if (forced !== undefined) {
      this.forcedResults.delete(reportId);
      return fail(forced);
    }
    const length = (ReportLength as Record<string, number>)[
      Object.entries(ReportId).find(([, id]) => id === reportId)?.[0] ?? ''
    ];
    if (bytes.length !== length) return fail(ResultCode.BadParameter);
    try {
      switch (reportId) {
        case ReportId.Reset:
          resetCodec.decode(bytes);
          this.powerOn(StatusCode.SystemReset);
          return { code: ResultCode.None, reset: true };
        case ReportId.ClearScreen:
          clearScreenCodec.decode(bytes);
          this.state.screen = { inkedSamples: 0, clears: this.state.screen.clears + 1 };
          return none;
        case ReportId.InkingMode:
          this.state.inking = inkingModeCodec.decode(bytes) === 1;
          return none;
        case ReportId.InkThreshold:
          this.state.inkThreshold = decodeInkThreshold(bytes);
          return none;
        case ReportId.HandwritingDisplayArea: {
          const area = decodeWritingArea(bytes);
          const c = this.profile.capability;
          // SDK: an invalid rectangle is silently ignored.
          if (isValidWritingArea(area, c.screenWidth, c.screenHeight)) this.state.writingArea = area;
          return none;
        }
        case ReportId.PenDataOptionMode:
          this.state.penDataOptionMode = penDataOptionModeCodec.decode(bytes);
          return none;
        case ReportId.Uid:
          this.state.uid = decodeUid(bytes);
          return none;
        case ReportId.StartCapture:
          decodeStartCapture(bytes);
          this.state.status = StatusCode.Capture;
          return none;
        case ReportId.EndCapture:
          endCaptureCodec.decode(bytes);
          this.state.status = StatusCode.Ready;
          return none;
        case ReportId.StartImageData: {
          const mode = decodeStartImageData(bytes);
          if (!deviceSupportsMode(this.profile.capability.encodingFlag, mode))
            return fail(ResultCode.GraphicsWrongEncodingType);
          this.upload = { mode, chunks: [], received: 0, tooLong: false };
          this.state.status = StatusCode.Image;
          return none;
        }
        case ReportId.ImageDataBlock: {
          const upload = this.upload;
          if (!upload) return fail(ResultCode.WrongState);
          const data = decodeImageDataBlock(bytes);
          const c = this.profile.capability;
          const expected =
            imageByteLength(upload.mode, c.screenWidth, c.screenHeight) ?? Number.POSITIVE_INFINITY;
          if (upload.received + data.length > expected) {
            upload.tooLong = true;
            return fail(ResultCode.GraphicsImageTooLong);
          }
          upload.chunks.push(data);
          upload.received += data.length;
          return none;
        }
        case ReportId.EndImageData: {
          const flag = endImageDataCodec.decode(bytes);
          const upload = this.upload;
          this.upload = undefined;
          this.state.status = StatusCode.Ready;
          if (!upload || flag === 1) return none;
          const c = this.profile.capability;
          const expected = imageByteLength(upload.mode, c.screenWidth, c.screenHeight);
          if (upload.tooLong) return fail(ResultCode.GraphicsImageTooLong);
          if (expected !== undefined && upload.received !== expected)
            return fail(ResultCode.GraphicsWrongParameters);
          // Displaying an image replaces the screen, ink included.
          this.state.screen = {
            image: { mode: upload.mode, bytes: upload.received },
            inkedSamples: 0,
            clears: this.state.screen.clears,
          };
          return none;
        }
        default:
          return fail(ResultCode.WrongReportId);
      }
    } catch {
      return fail(ResultCode.BadParameter);
    }
  }

  // --- pen --------------------------------------------------------------------------------------

  /** Whether the pen digitiser reports in the current status (encrypted capture is not emulated). */
  get penActive(): boolean {
    const s = this.status;
    return s === StatusCode.Ready || s === StatusCode.Image || s === StatusCode.ImageBoot;
  }

  /**
   * One pen sample at device time `deviceMs`: inks the LCD (with the ink-threshold hysteresis, inside
   * the writing area) and returns the input report in the current option mode. Every report takes a
   * sequence number, delivered or not.
   */
  penReport(sample: PenSample, deviceMs: number): Uint8Array {
    this.ink(sample);
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) & 0xffff;
    const timeCount = deviceMs & 0xffff;
    switch (this.state.penDataOptionMode) {
      case 3:
        return encodePenDataTimeCountSequence({ ...sample, timeCount, sequence });
      case 1:
        return encodePenDataOption(sample, timeCount);
      case 2:
        return encodePenDataOption(sample, sequence);
      default:
        return encodePenData(sample);
    }
  }

  private ink(sample: PenSample): void {
    const t = this.state.inkThreshold;
    this.inkDown = this.inkDown ? sample.pressure > t.offPressureMark : sample.pressure >= t.onPressureMark;
    if (!this.state.inking || !this.inkDown || !sample.rdy || this.state.status !== StatusCode.Ready) return;
    const c = this.profile.capability;
    const sx = (sample.x * c.screenWidth) / c.tabletMaxX;
    const sy = (sample.y * c.screenHeight) / c.tabletMaxY;
    const a = this.state.writingArea;
    if (sx >= a.upperLeftX && sx <= a.lowerRightX && sy >= a.upperLeftY && sy <= a.lowerRightY)
      this.state.screen.inkedSamples++;
  }
}

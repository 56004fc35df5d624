/**
 * The Wacom STU-540/430 signature pad driver (SignaturePad over a HidTransport): identify,
 * capabilities, reset, self-test, writing area, inking, pen-data option mode (device time counter +
 * sequence numbers), signature capture sessions and prompt image upload. Each operation runs in its
 * own state machine with a deadline and cancellation; an unplug ends every operation (and a live
 * capture) with a 'disconnected' DeviceError and closes the driver.
 */
import type {
  DeviceIdentity,
  OperationOptions,
  SelfTestResult,
  SignatureCapabilities,
  SignaturePad,
} from '../../core/capabilities';
import type { DeviceDescriptor } from '../../core/descriptor';
import { DeviceError, FrameError } from '../../core/errors';
import { Operation, type TransitionTable } from '../../core/operation';
import { ProtocolTrace } from '../../core/trace';
import type { HidTransport, Unsubscribe } from '../../core/transport';
import { CommandChannel } from './command-channel';
import { type StuProfile, stuProfileForUsbId } from './descriptor';
import { type EncodedImage, uploadImage } from './image-upload';
import {
  asDeviceError,
  type CaptureState,
  captureStates,
  type IdentifyState,
  identifyStates,
  type ResetState,
  resetStates,
  type SelfTestState,
  type SimpleState,
  selfTestStates,
  simpleStates,
  type UploadState,
  uploadStates,
} from './operations';
import { PenStreamDecoder } from './pen-stream';
import {
  type Capability,
  capabilityProblems,
  clearScreenCodec,
  decodeCapability,
  decodeEserial,
  decodeHidInformation,
  decodeInformation,
  decodeUid,
  decodeUid2,
  decodeWritingArea,
  encodeWritingArea,
  formatFirmware,
  type HidInformation,
  type Information,
  inkingModeCodec,
  isValidWritingArea,
  PenDataOptionModeValue,
  penDataOptionModeCodec,
  type Rectangle,
  ResetFlag,
  resetCodec,
} from './protocol/feature-reports';
import { EncodingMode, encodePixels } from './protocol/image';
import { ReportId, ReportLength } from './protocol/report-ids';
import { StatusCode, statusName } from './protocol/status';
import { StuCaptureSession } from './session';

export interface WacomStuDriverOptions {
  trace?: ProtocolTrace;
  /** Deadline of each operation except a capture (ms). */
  timeoutMs?: number;
  /** Deadline of a whole capture, from start to finish (ms). */
  captureTimeoutMs?: number;
  /** Status polling while the firmware is busy. */
  statusPollMs?: number;
  statusWaitMs?: number;
  /** Host clock (ms) used to disambiguate device-counter wraps. */
  now?: () => number;
}

export interface StuCaptureOptions extends OperationOptions {
  /** Writing area in screen pixels (inclusive); default the whole screen. */
  writingArea?: Rectangle;
  /** Clear the pad's screen first (default true). Keep false to sign over an uploaded prompt. */
  clearScreen?: boolean;
}

export interface StuIdentity extends DeviceIdentity {
  uid: number;
  information: Information;
  hidInformation?: HidInformation;
}

const disconnectedPrompt = 'Tablette de signature débranchée : rebranchez-la puis recommencez.';
const busyPrompt = 'Une signature est en cours : terminez-la ou annulez-la d’abord.';

export class WacomStuDriver implements SignaturePad {
  readonly kind = 'signature' as const;
  readonly descriptor: DeviceDescriptor;
  readonly profile: StuProfile;
  readonly trace: ProtocolTrace;
  private readonly channel: CommandChannel;
  private readonly activeOperations = new Set<Operation<string>>();
  private readonly unsubscribeDisconnect: Unsubscribe;
  private capture: StuCaptureSession | undefined;
  private capability: Capability | undefined;
  private closedWith: DeviceError | undefined;
  private closing: Promise<void> | undefined;
  private readonly timeoutMs: number;
  private readonly captureTimeoutMs: number;

  constructor(
    private readonly transport: HidTransport,
    private readonly options: WacomStuDriverOptions = {},
  ) {
    const profile = stuProfileForUsbId(transport.info);
    if (!profile) {
      throw new DeviceError(
        'fatal',
        'STU_UNSUPPORTED_MODEL',
        `USB ${transport.info.vendorId.toString(16)}:${transport.info.productId.toString(16)} is not a supported Wacom STU`,
      );
    }
    this.profile = profile;
    this.descriptor = profile.descriptor;
    this.trace = options.trace ?? new ProtocolTrace();
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.captureTimeoutMs = options.captureTimeoutMs ?? 10 * 60_000;
    this.channel = new CommandChannel(transport, this.trace, {
      statusPollMs: options.statusPollMs ?? 10,
      statusWaitMs: options.statusWaitMs ?? 2000,
    });
    this.unsubscribeDisconnect = transport.onDisconnect((error) => this.onDisconnect(error));
  }

  /** Whether the driver can still run operations. */
  get isOpen(): boolean {
    return this.closedWith === undefined;
  }

  /** The capture in progress, if any. */
  get activeCapture(): StuCaptureSession | undefined {
    return this.capture;
  }

  // --- operation plumbing -----------------------------------------------------------------------

  private begin<S extends string>(
    name: string,
    initial: S,
    transitions: TransitionTable<S>,
    final: readonly S[],
    options: OperationOptions | undefined,
    timeoutMs = this.timeoutMs,
  ): Operation<S> {
    if (this.closedWith) throw this.closedWith;
    const op = new Operation<S>({
      name,
      initial,
      transitions,
      final,
      timeoutMs: options?.timeoutMs ?? timeoutMs,
      signal: options?.signal,
      onTransition: (from, to) =>
        this.trace.record('out', new Uint8Array(0), { note: `${name}: ${from} -> ${to}` }),
    });
    this.activeOperations.add(op as Operation<string>);
    return op;
  }

  private async run<S extends string, T>(op: Operation<S>, name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const e = asDeviceError(error, name);
      op.fail(e);
      throw e;
    } finally {
      op.dispose();
      this.activeOperations.delete(op as Operation<string>);
    }
  }

  private assertNoCapture(what: string): void {
    if (this.capture) {
      throw new DeviceError('operator', 'STU_BUSY', `${what}: a signature capture is in progress`, {
        prompt: busyPrompt,
      });
    }
  }

  private decode<T>(what: string, decode: () => T): T {
    try {
      return decode();
    } catch (error) {
      if (error instanceof FrameError) {
        throw new DeviceError('protocol', 'STU_BAD_FRAME', `${what}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }

  private async readCapability(signal: AbortSignal): Promise<Capability> {
    if (this.capability) return this.capability;
    const bytes = await this.channel.get(ReportId.Capability, ReportLength.Capability, signal);
    const cap = this.decode('Capability', () => decodeCapability(bytes));
    const problems = capabilityProblems(cap);
    if (problems.length > 0) {
      throw new DeviceError('protocol', 'STU_BAD_CAPABILITY', `Capability: ${problems.join('; ')}`);
    }
    this.capability = cap;
    return cap;
  }

  // --- DeviceDriver -----------------------------------------------------------------------------

  /** Information (model, firmware), HidInformation (540), then the serial: eSerial, Uid2 or Uid. */
  async identify(options?: OperationOptions): Promise<StuIdentity> {
    const op = this.begin<IdentifyState>('identify', 'information', identifyStates, ['done'], options);
    return this.run(op, 'identify', async () => {
      const s = op.signal;
      const infoBytes = await this.channel.get(ReportId.Information, ReportLength.Information, s);
      const information = this.decode('Information', () => decodeInformation(infoBytes));
      if (information.modelName !== this.profile.model) {
        throw new DeviceError(
          'protocol',
          'STU_MODEL_MISMATCH',
          `USB id says ${this.profile.model}, the firmware says ${information.modelName}`,
        );
      }
      op.to('hid-information');
      let hidInformation: HidInformation | undefined;
      if (this.profile.hasHidInformation) {
        const bytes = await this.channel.get(ReportId.HidInformation, ReportLength.HidInformation, s);
        hidInformation = this.decode('HidInformation', () => decodeHidInformation(bytes));
        if (hidInformation.productId !== this.transport.info.productId) {
          throw new DeviceError(
            'protocol',
            'STU_MODEL_MISMATCH',
            'HidInformation PID differs from the USB PID',
          );
        }
      }
      op.to('uid');
      const uidBytes = await this.channel.get(ReportId.Uid, ReportLength.Uid, s);
      const uid = this.decode('Uid', () => decodeUid(uidBytes));
      let serialNumber: string | undefined;
      if (this.profile.hasEserial) {
        const bytes = await this.channel.get(ReportId.Eserial, ReportLength.Eserial, s);
        serialNumber = this.decode('Eserial', () => decodeEserial(bytes));
      } else {
        const bytes = await this.channel.get(ReportId.Uid2, ReportLength.Uid2, s);
        serialNumber = this.decode('Uid2', () => decodeUid2(bytes));
      }
      op.to('done');
      const firmware =
        formatFirmware(information) +
        (hidInformation ? ` (bcdDevice ${hidInformation.bcdDevice.toString(16).padStart(4, '0')})` : '');
      return {
        model: information.modelName,
        serialNumber: serialNumber || uid.toString(16).padStart(8, '0'),
        firmware,
        transportPath: this.transport.info.path,
        uid,
        information,
        hidInformation,
      };
    });
  }

  async capabilities(options?: OperationOptions): Promise<SignatureCapabilities> {
    const op = this.begin<SimpleState>('capabilities', 'running', simpleStates, ['done'], options);
    return this.run(op, 'capabilities', async () => {
      const cap = await this.readCapability(op.signal);
      op.to('done');
      return {
        tabletMaxX: cap.tabletMaxX,
        tabletMaxY: cap.tabletMaxY,
        maxPressure: cap.tabletMaxPressure,
        screenWidth: cap.screenWidth,
        screenHeight: cap.screenHeight,
        ...(cap.resolution > 0 ? { resolutionPpi: cap.resolution } : {}),
      };
    });
  }

  /** Soft reset: the firmware goes through SystemReset back to Ready with factory settings. */
  async reset(options?: OperationOptions): Promise<void> {
    this.assertNoCapture('reset');
    const op = this.begin<ResetState>('reset', 'resetting', resetStates, ['done'], options);
    await this.run(op, 'reset', async () => {
      await this.channel.waitForStatusToSend(ReportId.Reset, 'set', op.signal);
      await this.channel.send(resetCodec.encode(ResetFlag.Software), op.signal);
      op.to('waiting-ready');
      await this.channel.waitForStatus(StatusCode.Ready, op.signal);
      op.to('done');
    });
  }

  /** Status readable and not stuck, Capability sane, inking toggled off and back (read back each time). */
  async selfTest(options?: OperationOptions): Promise<SelfTestResult> {
    this.assertNoCapture('selfTest');
    const op = this.begin<SelfTestState>('selfTest', 'status', selfTestStates, ['done'], options);
    return this.run(op, 'selfTest', async () => {
      const s = op.signal;
      const checks: SelfTestResult['checks'] = [];
      const check = async (name: string, body: () => Promise<string | undefined>) => {
        try {
          const detail = await body();
          checks.push({ name, passed: true, ...(detail ? { detail } : {}) });
          return true;
        } catch (error) {
          // An unplug or a deadline ends the self-test itself, not just one check.
          if (error instanceof DeviceError && ['disconnected', 'timeout', 'cancelled'].includes(error.kind))
            throw error;
          checks.push({
            name,
            passed: false,
            detail: error instanceof Error ? error.message : String(error),
          });
          return false;
        }
      };
      await check('status', async () => {
        const status = await this.channel.waitForStatus(StatusCode.Ready, s);
        return `statut ${statusName(status.statusCode)}`;
      });
      op.to('capability');
      this.capability = undefined;
      await check('capability', async () => {
        const cap = await this.readCapability(s);
        return `${cap.screenWidth}x${cap.screenHeight}, ${cap.tabletMaxPressure + 1} niveaux de pression, ${cap.maxReportRate}/s`;
      });
      op.to('inking');
      await check('inking-toggle', async () => {
        const read = async () => {
          const bytes = await this.channel.get(ReportId.InkingMode, ReportLength.InkingMode, s);
          return this.decode('InkingMode', () => inkingModeCodec.decode(bytes));
        };
        const original = await read();
        for (const value of [original === 1 ? 0 : 1, original]) {
          await this.channel.command(inkingModeCodec.encode(value), s);
          const back = await read();
          if (back !== value) throw new Error(`InkingMode reads ${back} after writing ${value}`);
        }
        return 'encrage basculé puis rétabli';
      });
      op.to('done');
      return { passed: checks.every((c) => c.passed), checks };
    });
  }

  // --- SignaturePad -----------------------------------------------------------------------------

  /**
   * Starts a capture: clear the screen, set the writing area, ask for device time + sequence
   * numbers (option mode 3; falls back to host time if the pad refuses), ink on, then stream.
   * The capture deadline (`timeoutMs`, default 10 min) covers the whole session.
   */
  async startCapture(options?: StuCaptureOptions): Promise<StuCaptureSession> {
    this.assertNoCapture('startCapture');
    const op = this.begin<CaptureState>(
      'capture',
      'configuring',
      captureStates,
      ['done', 'cancelled'],
      options,
      this.captureTimeoutMs,
    );
    const s = op.signal;
    try {
      const cap = await this.readCapability(s);
      const area = options?.writingArea;
      if (area && !isValidWritingArea(area, cap.screenWidth, cap.screenHeight)) {
        throw new DeviceError(
          'fatal',
          'STU_BAD_WRITING_AREA',
          `writing area outside the ${cap.screenWidth}x${cap.screenHeight} screen`,
        );
      }
      if (options?.clearScreen !== false) await this.channel.command(clearScreenCodec.encode(0), s);
      const wanted: Rectangle = area ?? {
        upperLeftX: 0,
        upperLeftY: 0,
        lowerRightX: cap.screenWidth - 1,
        lowerRightY: cap.screenHeight - 1,
      };
      await this.channel.command(encodeWritingArea(wanted), s);
      const areaBytes = await this.channel.get(
        ReportId.HandwritingDisplayArea,
        ReportLength.HandwritingDisplayArea,
        s,
      );
      const applied = this.decode('HandwritingDisplayArea', () => decodeWritingArea(areaBytes));
      if (JSON.stringify(applied) !== JSON.stringify(wanted)) {
        throw new DeviceError(
          'protocol',
          'STU_WRITING_AREA_IGNORED',
          'the pad did not apply the writing area',
        );
      }
      const timing = await this.enableDeviceTiming(s);
      await this.channel.command(inkingModeCodec.encode(1), s);
      op.to('streaming');
      const session = new StuCaptureSession({
        transport: this.transport,
        channel: this.channel,
        trace: this.trace,
        operation: op,
        decoder: new PenStreamDecoder(this.options.now),
        commandTimeoutMs: this.timeoutMs,
        timing,
        onEnded: () => {
          if (this.capture === session) this.capture = undefined;
          this.activeOperations.delete(op as Operation<string>);
        },
      });
      this.capture = session;
      return session;
    } catch (error) {
      const e = asDeviceError(error, 'capture');
      op.fail(e);
      op.dispose();
      this.activeOperations.delete(op as Operation<string>);
      throw e;
    }
  }

  /** Option mode 3 (timeCount + sequence); 'host' timing when the pad does not take it. */
  private async enableDeviceTiming(signal: AbortSignal): Promise<'device' | 'host'> {
    try {
      await this.channel.command(
        penDataOptionModeCodec.encode(PenDataOptionModeValue.TimeCountSequence),
        signal,
      );
      const bytes = await this.channel.get(
        ReportId.PenDataOptionMode,
        ReportLength.PenDataOptionMode,
        signal,
      );
      const mode = this.decode('PenDataOptionMode', () => penDataOptionModeCodec.decode(bytes));
      return mode === PenDataOptionModeValue.TimeCountSequence ? 'device' : 'host';
    } catch (error) {
      if (error instanceof DeviceError && error.code.startsWith('STU_RESULT_')) return 'host';
      throw error;
    }
  }

  // --- pad screen -------------------------------------------------------------------------------

  /** Uploads a full-screen image already in the device format (status-gated, block by block). */
  async uploadImage(image: EncodedImage, options?: OperationOptions): Promise<void> {
    this.assertNoCapture('uploadImage');
    const op = this.begin<UploadState>(
      'uploadImage',
      'waiting-ready',
      uploadStates,
      ['done', 'abandoned'],
      options,
      Math.max(this.timeoutMs, 60_000),
    );
    await this.run(op, 'uploadImage', async () => {
      const cap = await this.readCapability(op.signal);
      await uploadImage(this.channel, this.trace, op, cap, image, options?.onProgress);
    });
  }

  /** Encodes packed 8-bit RGB of the screen's size in the model's preferred mode, then uploads it. */
  async uploadPromptImage(
    rgb: { width: number; height: number; pixels: Uint8Array },
    options?: OperationOptions,
  ): Promise<void> {
    const cap = this.profile.capability;
    if (rgb.width !== cap.screenWidth || rgb.height !== cap.screenHeight) {
      throw new DeviceError(
        'fatal',
        'STU_IMAGE_SIZE',
        `prompt is ${rgb.width}x${rgb.height}, the screen is ${cap.screenWidth}x${cap.screenHeight}`,
      );
    }
    const mode = EncodingMode[this.profile.preferredImageMode];
    await this.uploadImage({ mode, data: encodePixels(rgb.pixels, rgb.width, rgb.height, mode) }, options);
  }

  // --- lifecycle --------------------------------------------------------------------------------

  private endAll(error: DeviceError): void {
    this.closedWith ??= error;
    this.channel.breakWith(error);
    for (const op of [...this.activeOperations]) op.fail(error);
    this.activeOperations.clear();
  }

  private onDisconnect(cause?: Error): void {
    if (this.closedWith) return;
    this.trace.record('in', new Uint8Array(0), { note: 'device disconnected' });
    this.endAll(
      new DeviceError('disconnected', 'HID_DISCONNECTED', 'Wacom STU disconnected', {
        prompt: disconnectedPrompt,
        cause,
      }),
    );
    void this.close();
  }

  /**
   * Ends any operation (a live capture ends with STU_CLOSED), leaves the pad tidy when it still
   * answers (inking off, screen cleared, best effort), and closes the transport. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const wasOpen = this.closedWith === undefined;
      const hadCapture = this.capture !== undefined;
      if (wasOpen) {
        this.capture = undefined;
        for (const op of [...this.activeOperations])
          op.fail(new DeviceError('cancelled', 'STU_CLOSED', 'driver closed'));
        this.activeOperations.clear();
        if (hadCapture) await this.tidyPad();
        this.endAll(new DeviceError('fatal', 'STU_CLOSED', 'Wacom STU driver closed'));
      }
      this.unsubscribeDisconnect();
      try {
        await this.transport.close();
      } catch {
        // Already gone (unplugged).
      }
    })();
    return this.closing;
  }

  private async tidyPad(): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DeviceError('timeout', 'STU_TIDY_TIMEOUT', 'pad did not answer')),
      500,
    );
    try {
      await this.channel.send(inkingModeCodec.encode(0), controller.signal);
      await this.channel.send(clearScreenCodec.encode(0), controller.signal);
    } catch {
      // Best effort.
    } finally {
      clearTimeout(timer);
    }
  }
}

export function createWacomStuDriver(
  transport: HidTransport,
  options?: WacomStuDriverOptions,
): WacomStuDriver {
  return new WacomStuDriver(transport, options);
}

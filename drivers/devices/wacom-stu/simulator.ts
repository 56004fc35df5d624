/**
 * The simulated Wacom STU: the emulated firmware (sim/firmware.ts) behind the same HidTransport a
 * real pad has, with a control handle for demos, technician training and tests: draw strokes or a
 * scripted signature (a 200 Hz pen stream), unplug, stop answering, hold a bad status, force a
 * result code, drop or corrupt pen reports. Pacing is 'realtime' (one report every 5 ms, as the
 * device) or 'fast' (same reports and device timestamps, delivered as quickly as the event loop
 * allows) so tests never wait on wall-clock time.
 */
import { EventEmitter } from 'node:events';
import { HidTransportListeners } from '../../core/hid-listeners';
import type { HidBus, HidDeviceInfo, HidTransport, Unsubscribe } from '../../core/transport';
import { type StuProfile, type SupportedStuModel, stuProfiles } from './descriptor';
import type { StatusCodeValue } from './protocol/status';
import { type FirmwareState, StuFirmware } from './sim/firmware';
import { type PenFrame, type ScriptedSignature, samplePeriodMs, scriptedSignature } from './sim/pen-script';

export type Pacing = 'realtime' | 'fast';

export interface SimulatedStuOptions {
  model: SupportedStuModel;
  pacing?: Pacing;
  /** Serial shown in eSerial/Uid2 (and the HID serial string). */
  serial?: string;
  uid?: number;
  firmware?: { major: number; minor: number };
  /** Device time counter at power-on (ms, the 16-bit counter wraps), to exercise the unwrap. */
  timeCountStart?: number;
  /** How long a soft reset keeps the status at SystemReset (ms; default 60, 5 in fast pacing). */
  resetMs?: number;
  path?: string;
}

export interface DrawResult {
  /** Frames played (samples and pen-away frames). */
  frames: number;
  /** Input reports the firmware produced (delivered or dropped). */
  reports: number;
  delivered: number;
  dropped: number;
  /** True when the draw stopped early (unplug). */
  interrupted: boolean;
}

export interface StuSimControl {
  readonly model: SupportedStuModel;
  readonly profile: StuProfile;
  /** Plays pen frames at 200 Hz; resolves when all were played (or the device was unplugged). */
  draw(frames: readonly PenFrame[]): Promise<DrawResult>;
  /** Plays the built-in scripted signature. */
  drawSignature(seed?: number): Promise<DrawResult & { script: ScriptedSignature }>;
  /** Removes the device: pending and later calls fail, 'disconnect' fires, timers stop. */
  unplug(): void;
  readonly plugged: boolean;
  /** The device stops answering feature reports (calls hang) and stops streaming, until resumed. */
  freeze(): void;
  resume(): void;
  /** Reports `status` and obeys its allow-table until released (undefined). */
  holdStatus(status: StatusCodeValue | undefined): void;
  /** The next set of `reportId` fails with `resultCode`. */
  failNextSet(reportId: number, resultCode: number): void;
  /** The next `count` pen reports are lost on the bus (their sequence numbers are used). */
  dropReports(count: number): void;
  /** The next pen report arrives truncated to `length` bytes. */
  corruptNextReport(length?: number): void;
  state(): FirmwareState;
  /** Number of transports currently open on the device. */
  readonly openTransports: number;
  /** Pending timers of the simulator (0 when idle): lets tests check nothing is left running. */
  readonly activeTimers: number;
  on(event: 'report', listener: (report: Uint8Array, delivered: boolean) => void): Unsubscribe;
}

export interface SimulatedStu {
  /** A transport opened on the device (the first one; open more through `bus`). */
  transport: HidTransport;
  bus: HidBus;
  control: StuSimControl;
}

class DisconnectedError extends Error {
  constructor(message = 'HID device disconnected') {
    super(message);
    this.name = 'DisconnectedError';
  }
}

interface Pending {
  run: () => void;
  reject: (error: Error) => void;
}

/** One open handle on the simulated device, as node-hid gives one per open(). */
class SimulatedHidTransport extends HidTransportListeners implements HidTransport {
  closed = false;

  constructor(
    readonly info: HidDeviceInfo,
    private readonly device: SimulatedDevice,
  ) {
    super();
  }

  getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    return this.device.exchange(this, () => {
      const bytes = this.device.firmware.getFeature(reportId);
      return bytes.slice(0, Math.min(bytes.length, length));
    });
  }

  sendFeatureReport(data: Uint8Array): Promise<void> {
    const copy = Uint8Array.from(data);
    return this.device.exchange(this, () => {
      this.device.sendFeature(copy);
    });
  }

  write(_data: Uint8Array): Promise<void> {
    return this.device.exchange(this, () => {
      throw new Error('STU over HID has no output report: use feature reports');
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dropListeners();
    this.device.detach(this);
  }

  deliver(report: Uint8Array): void {
    this.deliverInput(report, true);
  }

  disconnected(error: Error): void {
    this.closed = true;
    this.announceDisconnect(error);
  }
}

class SimulatedDevice {
  readonly firmware: StuFirmware;
  readonly info: HidDeviceInfo;
  readonly transports = new Set<SimulatedHidTransport>();
  readonly events = new EventEmitter<{ report: [Uint8Array, boolean] }>();
  plugged = true;
  frozen = false;
  private readonly frozenQueue: Pending[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly immediates = new Set<ReturnType<typeof setImmediate>>();
  private deviceMs: number;
  private readonly bootHostMs = performance.now();
  private dropCount = 0;
  private corruptLength: number | undefined;
  private readonly drawStops = new Set<() => void>();

  constructor(
    readonly options: Required<Pick<SimulatedStuOptions, 'model' | 'pacing'>> & SimulatedStuOptions,
  ) {
    const profile = stuProfiles[options.model];
    const serial = options.serial ?? (options.model === 'STU-540' ? '5407A00123' : '4306B00456');
    this.firmware = new StuFirmware(profile, {
      information: {
        modelName: options.model,
        firmwareMajor: options.firmware?.major ?? (options.model === 'STU-540' ? 0x01 : 0x02),
        firmwareMinor: options.firmware?.minor ?? (options.model === 'STU-540' ? 0x0b : 0x07),
        secureIc: 0,
        secureIcVersion: [0, 0, 0, 0],
      },
      hidInformation: { vendorId: profile.usb.vendorId, productId: profile.usb.productId, bcdDevice: 0x0110 },
      uid: options.uid ?? 0x1a2b3c4d,
      uid2: serial.slice(0, 10),
      eSerial: serial.slice(0, 13),
    });
    this.deviceMs = options.timeCountStart ?? 0;
    this.info = {
      vendorId: profile.usb.vendorId,
      productId: profile.usb.productId,
      path: options.path ?? `sim://wacom-stu/${options.model.toLowerCase()}`,
      serialNumber: serial,
      product: options.model,
      manufacturer: 'Wacom Co.,Ltd.',
    };
  }

  get activeTimers(): number {
    return this.timers.size + this.immediates.size;
  }

  private later(fn: () => void, ms: number): void {
    if (!this.plugged) return;
    if (this.options.pacing === 'fast' && ms <= 0) {
      const handle = setImmediate(() => {
        this.immediates.delete(handle);
        fn();
      });
      this.immediates.add(handle);
      return;
    }
    const handle = setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
  }

  open(): SimulatedHidTransport {
    if (!this.plugged) throw new DisconnectedError(`cannot open ${this.info.path}: no such device`);
    const t = new SimulatedHidTransport(this.info, this);
    this.transports.add(t);
    return t;
  }

  detach(t: SimulatedHidTransport): void {
    this.transports.delete(t);
    // Pending calls of a closed handle fail as they would in hidapi.
  }

  /** Runs a control transfer: after a USB round trip, or never while frozen. */
  exchange<T>(t: SimulatedHidTransport, op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        if (!this.plugged) return reject(new DisconnectedError());
        if (t.closed) return reject(new Error('HID device closed'));
        try {
          resolve(op());
        } catch (error) {
          reject(error);
        }
      };
      if (!this.plugged) return reject(new DisconnectedError());
      if (t.closed) return reject(new Error('HID device closed'));
      const pending = { run, reject };
      if (this.frozen) this.frozenQueue.push(pending);
      else this.later(run, this.options.pacing === 'fast' ? 0 : 1);
    });
  }

  sendFeature(bytes: Uint8Array): void {
    const { reset } = this.firmware.setFeature(bytes);
    // A reset takes time on the device, fast pacing included (shortened), so hosts see SystemReset.
    if (reset)
      this.later(
        () => this.firmware.completeReset(),
        this.options.resetMs ?? (this.options.pacing === 'fast' ? 5 : 60),
      );
  }

  freeze(): void {
    this.frozen = true;
  }

  resume(): void {
    this.frozen = false;
    for (const p of this.frozenQueue.splice(0)) this.later(p.run, 0);
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    for (const h of this.timers) clearTimeout(h);
    for (const h of this.immediates) clearImmediate(h);
    this.timers.clear();
    this.immediates.clear();
    for (const p of this.frozenQueue.splice(0)) p.reject(new DisconnectedError());
    for (const stop of [...this.drawStops]) stop();
    const error = new DisconnectedError();
    for (const t of [...this.transports]) t.disconnected(error);
    this.transports.clear();
  }

  dropReports(count: number): void {
    this.dropCount += count;
  }

  corruptNextReport(length: number): void {
    this.corruptLength = length;
  }

  private emitPen(frame: PenFrame, result: DrawResult): void {
    this.deviceMs += samplePeriodMs;
    if (frame === null || !this.firmware.penActive || this.frozen) return;
    let report = this.firmware.penReport(frame, this.deviceMs);
    result.reports++;
    if (this.dropCount > 0) {
      this.dropCount--;
      result.dropped++;
      this.events.emit('report', report, false);
      return;
    }
    if (this.corruptLength !== undefined) {
      report = report.slice(0, this.corruptLength);
      this.corruptLength = undefined;
    }
    result.delivered++;
    this.events.emit('report', report, true);
    for (const t of [...this.transports]) t.deliver(report);
  }

  draw(frames: readonly PenFrame[]): Promise<DrawResult> {
    const result: DrawResult = { frames: 0, reports: 0, delivered: 0, dropped: 0, interrupted: false };
    if (!this.plugged) return Promise.resolve({ ...result, interrupted: true });
    if (this.options.pacing === 'realtime') {
      // The device clock keeps running while the pen is away: catch up with host time.
      this.deviceMs = Math.max(
        this.deviceMs,
        (this.options.timeCountStart ?? 0) + Math.round(performance.now() - this.bootHostMs),
      );
    }
    return new Promise<DrawResult>((resolve) => {
      let index = 0;
      const started = performance.now();
      const stop = () => {
        this.drawStops.delete(stop);
        resolve({ ...result, interrupted: true });
      };
      this.drawStops.add(stop);
      const step = () => {
        if (!this.plugged) return;
        // Realtime: every report due by now (keeps 200 Hz on average despite timer jitter).
        // Fast: a batch per event-loop turn, so the host interleaves its own work.
        const due =
          this.options.pacing === 'realtime'
            ? Math.min(frames.length, Math.floor((performance.now() - started) / samplePeriodMs) + 1)
            : Math.min(frames.length, index + 16);
        for (; index < due; index++) {
          this.emitPen(frames[index] ?? null, result);
          result.frames++;
        }
        if (index >= frames.length) {
          this.drawStops.delete(stop);
          resolve(result);
          return;
        }
        this.later(step, this.options.pacing === 'realtime' ? samplePeriodMs : 0);
      };
      step();
    });
  }
}

export function createSimulatedStu(options: SimulatedStuOptions): SimulatedStu {
  const device = new SimulatedDevice({ pacing: 'realtime', ...options });
  const profile = device.firmware.profile;
  const bus: HidBus = {
    async list() {
      return device.plugged ? [{ ...device.info }] : [];
    },
    async open(path: string) {
      if (path !== device.info.path) throw new Error(`cannot open ${path}: no such device`);
      return device.open();
    },
  };
  const control: StuSimControl = {
    model: options.model,
    profile,
    draw: (frames) => device.draw(frames),
    async drawSignature(seed = 1) {
      const script = scriptedSignature(profile.capability, seed);
      return { ...(await device.draw(script.frames)), script };
    },
    unplug: () => device.unplug(),
    get plugged() {
      return device.plugged;
    },
    freeze: () => device.freeze(),
    resume: () => device.resume(),
    holdStatus: (status) => device.firmware.holdStatus(status),
    failNextSet: (reportId, resultCode) => device.firmware.failNextSet(reportId, resultCode),
    dropReports: (count) => device.dropReports(count),
    corruptNextReport: (length = 4) => device.corruptNextReport(length),
    state: () => device.firmware.snapshot(),
    get openTransports() {
      return device.transports.size;
    },
    get activeTimers() {
      return device.activeTimers;
    },
    on(event, listener) {
      device.events.on(event, listener);
      return () => device.events.off(event, listener);
    },
  };
  return { transport: device.open(), bus, control };
}

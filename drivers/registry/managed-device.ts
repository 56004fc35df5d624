/**
 * A device as the device host manages it: its live status (with identity and last error for
 * technicians), its driver's self-test, reset, test capture and protocol trace, and, on a simulated
 * bench, the simulator's plug/unplug/fault controls. `DriverBackedDevice` holds what every device
 * shares; each device class adds how it opens its driver and what a test capture is.
 */
import { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../../common/domain';
import type { DeviceDriver, DeviceIdentity, SelfTestResult } from '../core/capabilities';
import type { DeviceDescriptor } from '../core/descriptor';
import { DeviceError } from '../core/errors';
import type { ProtocolTrace } from '../core/trace';

export type PresenceAction = 'plug' | 'unplug' | 'fault';

export interface TestCapture {
  summary: string;
  svg?: string;
  pngBase64?: string;
}

export interface ManagedDevice {
  readonly id: string;
  status(): DeviceStatus;
  onChange(listener: (status: DeviceStatus) => void): () => void;
  selfTest(): Promise<SelfTestResult>;
  reset(): Promise<void>;
  testCapture(): Promise<TestCapture>;
  readonly trace: ProtocolTrace | undefined;
  /** Simulated devices only. */
  simulate?(action: PresenceAction): Promise<void>;
  close(): Promise<void>;
}

export class UnknownDeviceError extends Error {
  constructor(readonly deviceId: string) {
    super(`unknown device ${deviceId}`);
  }
}

export abstract class DriverBackedDevice<D extends DeviceDriver> implements ManagedDevice {
  private readonly events = new EventEmitter<{ change: [DeviceStatus] }>();
  private current: DeviceStatus;
  protected driver: D | undefined;
  private identity: DeviceIdentity | undefined;

  constructor(
    readonly id: string,
    protected readonly descriptor: DeviceDescriptor,
    protected readonly simulated: boolean,
  ) {
    this.current = {
      id,
      kind: descriptor.kind,
      vendor: descriptor.vendor,
      model: descriptor.label,
      transport: descriptor.transport,
      connection: 'disconnected',
      simulated,
      changedAt: new Date().toISOString(),
    };
  }

  /** Opens the driver on the current transport (device plugged). */
  protected abstract openDriver(): Promise<D>;
  abstract testCapture(): Promise<TestCapture>;

  get trace(): ProtocolTrace | undefined {
    return this.driver?.trace;
  }

  status(): DeviceStatus {
    return this.current;
  }

  onChange(listener: (status: DeviceStatus) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  protected update(patch: Partial<DeviceStatus>): void {
    const next = { ...this.current, ...patch, changedAt: new Date().toISOString() };
    const changed =
      next.connection !== this.current.connection ||
      next.detail !== this.current.detail ||
      next.lastError?.at !== this.current.lastError?.at ||
      next.serialNumber !== this.current.serialNumber;
    this.current = next;
    if (changed) this.events.emit('change', next);
  }

  /** Records a device fault for diagnostics (code, protocol status, time); operator prompts are not faults. */
  protected recordError(error: unknown): void {
    if (error instanceof DeviceError && error.kind === 'operator') return;
    const code = error instanceof DeviceError ? error.code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    this.update({
      lastError: {
        code,
        message,
        ...(error instanceof DeviceError && error.protocolStatus
          ? { protocolStatus: error.protocolStatus }
          : {}),
        at: new Date().toISOString(),
      },
    });
  }

  /** Opens the driver and reads the device identity; a failure leaves the device in 'error'. */
  async connect(): Promise<void> {
    try {
      const driver = await this.openDriver();
      this.driver = driver;
      this.identity = await driver.identify({ timeoutMs: 5000 });
      this.update({
        connection: 'connected',
        detail: this.simulated ? 'Périphérique simulé' : undefined,
        serialNumber: this.identity.serialNumber,
        firmware: this.identity.firmware,
        transportPath: this.identity.transportPath,
      });
    } catch (error) {
      if (error instanceof DeviceError && error.kind === 'disconnected') {
        // Absent (not plugged, service not running): not a fault; hot-plug will retry.
        if (this.current.connection !== 'disconnected')
          this.update({ connection: 'disconnected', detail: 'Non détecté' });
        return;
      }
      this.recordError(error);
      // A fault the technician can fix says how (e.g. a barcode reader left in keyboard mode).
      const detail =
        error instanceof DeviceError && error.prompt ? error.prompt : 'Le périphérique ne répond pas';
      this.update({ connection: 'error', detail });
    }
  }

  /** The device went away (unplug event or transport closed). */
  protected disconnected(detail?: string): void {
    const driver = this.driver;
    this.driver = undefined;
    void driver?.close().catch(() => undefined);
    this.update({ connection: 'disconnected', detail });
  }

  protected requireDriver(): D {
    if (!this.driver || this.current.connection !== 'connected') {
      throw new DeviceError('disconnected', 'DEVICE_ABSENT', `${this.descriptor.label} n’est pas connecté`, {
        prompt: `Branchez : ${this.descriptor.label}`,
      });
    }
    return this.driver;
  }

  /** Runs a workflow operation on the connected driver (faults are recorded for diagnostics). */
  use<T>(operation: (driver: D) => Promise<T>): Promise<T> {
    return this.guarded(() => operation(this.requireDriver()));
  }

  protected async guarded<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.recordError(error);
      throw error;
    }
  }

  selfTest(): Promise<SelfTestResult> {
    return this.guarded(async () => {
      const result = await this.requireDriver().selfTest({ timeoutMs: 10000 });
      if (!result.passed) {
        const failed = result.checks.filter((c) => !c.passed).map((c) => c.name);
        this.recordError(
          new DeviceError('fatal', 'SELF_TEST_FAILED', `auto-test en échec : ${failed.join(', ')}`),
        );
      }
      return result;
    });
  }

  reset(): Promise<void> {
    return this.guarded(() => this.requireDriver().reset({ timeoutMs: 10000 }));
  }

  async close(): Promise<void> {
    const driver = this.driver;
    this.driver = undefined;
    await driver?.close().catch(() => undefined);
  }
}

/**
 * A device whose presence only is simulated here (the camera lives in the renderer; the
 * fingerprint scanner until its simulator is wired): plug/unplug/fault change its status.
 */
export class PresenceOnlyDevice implements ManagedDevice {
  private readonly events = new EventEmitter<{ change: [DeviceStatus] }>();
  private current: DeviceStatus;
  readonly trace = undefined;

  constructor(
    readonly id: string,
    private readonly descriptor: DeviceDescriptor,
    private readonly note: string,
  ) {
    this.current = {
      id,
      kind: descriptor.kind,
      vendor: descriptor.vendor,
      model: descriptor.label,
      transport: descriptor.transport,
      connection: 'connected',
      simulated: true,
      detail: note,
      changedAt: new Date().toISOString(),
    };
  }

  status(): DeviceStatus {
    return this.current;
  }

  onChange(listener: (status: DeviceStatus) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  async simulate(action: PresenceAction): Promise<void> {
    const connection = action === 'plug' ? 'connected' : action === 'unplug' ? 'disconnected' : 'error';
    if (connection === this.current.connection) return;
    const detail = action === 'fault' ? 'Défaut simulé : le périphérique ne répond plus' : this.note;
    this.current = { ...this.current, connection, detail, changedAt: new Date().toISOString() };
    this.events.emit('change', this.current);
  }

  async selfTest(): Promise<SelfTestResult> {
    const ok = this.current.connection === 'connected';
    return { passed: ok, checks: [{ name: 'presence', passed: ok, detail: this.note }] };
  }

  async reset(): Promise<void> {}

  async testCapture(): Promise<TestCapture> {
    const prompt = `${this.descriptor.label} : le test de capture se fait depuis l’écran dédié.`;
    throw new DeviceError('fatal', 'NO_TEST_CAPTURE', prompt, { prompt });
  }

  async close(): Promise<void> {}
}

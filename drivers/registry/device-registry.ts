/**
 * The device host's registry: the managed devices of this station (a simulated bench by default,
 * real buses in hardware mode as their drivers land), their statuses as one event stream, and the
 * technician's operations by device id (self-test, reset, test capture, protocol trace, simulation).
 */
import { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../../common/domain';
import { descriptors } from '../core/descriptor';
import { DeviceError } from '../core/errors';
import {
  HardwareBarcodeReader,
  HardwareCardReader,
  HardwareSbiScanner,
  HardwareSignaturePad,
  HardwareZfmScanner,
} from './devices/hardware-devices';
import { SimulatedBarcodeReader } from './devices/simulated-barcode-reader';
import { SimulatedCardReader } from './devices/simulated-card-reader';
import { SimulatedFingerprintScanner } from './devices/simulated-fingerprint-scanner';
import { SimulatedSignaturePad } from './devices/simulated-signature-pad';
import {
  type ManagedDevice,
  type PresenceAction,
  PresenceOnlyDevice,
  type TestCapture,
  UnknownDeviceError,
} from './managed-device';

export const simulatedDeviceNames = [
  'signature-pad',
  'fingerprint-scanner',
  'camera',
  'card-reader',
  'barcode-reader',
] as const;
export type SimulatedDeviceName = (typeof simulatedDeviceNames)[number];

export { UnknownDeviceError };

async function simulatedDevice(name: SimulatedDeviceName): Promise<ManagedDevice> {
  switch (name) {
    case 'signature-pad': {
      const pad = new SimulatedSignaturePad('sim-wacom-stu-540');
      await pad.connect();
      return pad;
    }
    case 'card-reader': {
      const reader = new SimulatedCardReader('sim-pcsc-contactless');
      await reader.connect();
      return reader;
    }
    case 'barcode-reader': {
      const reader = new SimulatedBarcodeReader('sim-hid-pos-scanner');
      await reader.connect();
      return reader;
    }
    case 'fingerprint-scanner': {
      const scanner = new SimulatedFingerprintScanner('sim-sbi-fingerprint');
      await scanner.connect();
      return scanner;
    }
    case 'camera':
      return new PresenceOnlyDevice('sim-uvc-camera', descriptors.uvcCamera, 'Caméra simulée (navigateur)');
  }
}

export class DeviceRegistry extends EventEmitter<{ change: [DeviceStatus] }> {
  private readonly devices = new Map<string, ManagedDevice>();
  private hotplugTimer: ReturnType<typeof setInterval> | undefined;

  /**
   * Hardware mode: the real signature pad (HID), SBI fingerprint service, PC/SC reader and HID POS
   * barcode reader. Devices
   * absent at start (or unplugged later) are retried every `hotplugMs` until they appear.
   */
  static async hardware(
    options: {
      sbiPorts?: number[];
      hotplugMs?: number;
      zfmPort?: string;
      pcsc?: boolean;
      barcodeReader?: boolean;
    } = {},
  ): Promise<DeviceRegistry> {
    const registry = new DeviceRegistry();
    const devices = [
      new HardwareSignaturePad(),
      options.zfmPort ? new HardwareZfmScanner(options.zfmPort) : new HardwareSbiScanner(options.sbiPorts),
      ...(options.pcsc === false ? [] : [new HardwareCardReader()]),
      ...(options.barcodeReader === false ? [] : [new HardwareBarcodeReader()]),
    ];
    for (const device of devices) registry.add(device);
    await Promise.all(devices.map((d) => d.connect()));
    registry.hotplugTimer = setInterval(() => {
      for (const d of devices) if (d.status().connection !== 'connected') void d.connect();
    }, options.hotplugMs ?? 5000);
    registry.hotplugTimer.unref();
    return registry;
  }

  static async simulatedBench(names: readonly SimulatedDeviceName[]): Promise<DeviceRegistry> {
    const registry = new DeviceRegistry();
    for (const device of await Promise.all(names.map(simulatedDevice))) registry.add(device);
    return registry;
  }

  add(device: ManagedDevice): void {
    this.devices.set(device.id, device);
    device.onChange((status) => this.emit('change', status));
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()].map((d) => d.status());
  }

  get(deviceId: string): ManagedDevice {
    const device = this.devices.get(deviceId);
    if (!device) throw new UnknownDeviceError(deviceId);
    return device;
  }

  /** The first device of a kind that has a driver (connected or not: `use` says when it is absent). */
  deviceOfKind(kind: DeviceStatus['kind']): ManagedDevice | undefined {
    const all = [...this.devices.values()].filter((d) => d.status().kind === kind);
    return all.find((d) => d.status().connection === 'connected') ?? all[0];
  }

  async selfTest(deviceId: string) {
    const result = await this.get(deviceId).selfTest();
    return { deviceId, ...result, at: new Date().toISOString() };
  }

  async reset(deviceId: string): Promise<DeviceStatus> {
    const device = this.get(deviceId);
    await device.reset();
    return device.status();
  }

  async testCapture(deviceId: string): Promise<TestCapture & { deviceId: string }> {
    return { deviceId, ...(await this.get(deviceId).testCapture()) };
  }

  trace(deviceId: string, enabled?: boolean) {
    const trace = this.get(deviceId).trace;
    if (!trace) return { deviceId, enabled: false, entries: [] };
    if (enabled !== undefined) {
      trace.enabled = enabled;
      if (!enabled) trace.clear();
    }
    return { deviceId, enabled: trace.enabled, entries: trace.snapshot() };
  }

  async simulate(deviceId: string, action: PresenceAction): Promise<DeviceStatus> {
    const device = this.get(deviceId);
    if (!device.simulate)
      throw new DeviceError('fatal', 'NOT_SIMULATED', 'only simulated devices can be unplugged by software');
    await device.simulate(action);
    return device.status();
  }

  async close(): Promise<void> {
    if (this.hotplugTimer) clearInterval(this.hotplugTimer);
    await Promise.all([...this.devices.values()].map((d) => d.close()));
  }
}

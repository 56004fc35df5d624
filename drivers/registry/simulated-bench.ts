/**
 * The simulated bench: the set of simulated devices a demo or training station has, with their
 * presence (plugged, unplugged, faulted) under the technician's or the test's control.
 * In this version it simulates presence and hot-plug only; each device's byte-level firmware
 * simulator plugs in behind the same transport interface as its driver lands.
 */
import { EventEmitter } from 'node:events';
import type { DeviceStatus } from '../../main/contract';
import { type DeviceDescriptor, descriptors } from '../core/descriptor';

export const simulatedDeviceNames = [
  'signature-pad',
  'fingerprint-scanner',
  'camera',
  'card-reader',
] as const;
export type SimulatedDeviceName = (typeof simulatedDeviceNames)[number];

const benchDescriptors: Record<SimulatedDeviceName, DeviceDescriptor> = {
  'signature-pad': descriptors.wacomStu540,
  'fingerprint-scanner': descriptors.sbiFingerprint,
  camera: descriptors.uvcCamera,
  'card-reader': descriptors.pcscReader,
};

export type PresenceAction = 'plug' | 'unplug' | 'fault';

export class UnknownDeviceError extends Error {
  constructor(readonly deviceId: string) {
    super(`unknown device ${deviceId}`);
  }
}

export class SimulatedBench extends EventEmitter<{ change: [DeviceStatus] }> {
  private readonly devices = new Map<string, DeviceStatus>();

  constructor(names: readonly SimulatedDeviceName[], now: () => Date = () => new Date()) {
    super();
    this.now = now;
    for (const name of names) {
      const d = benchDescriptors[name];
      const id = `sim-${d.model}`;
      this.devices.set(id, {
        id,
        kind: d.kind,
        vendor: d.vendor,
        model: d.label,
        transport: d.transport,
        connection: 'connected',
        simulated: true,
        detail: 'Périphérique simulé',
        changedAt: now().toISOString(),
      });
    }
  }

  private readonly now: () => Date;

  list(): DeviceStatus[] {
    return [...this.devices.values()];
  }

  apply(deviceId: string, action: PresenceAction): DeviceStatus {
    const current = this.devices.get(deviceId);
    if (!current) throw new UnknownDeviceError(deviceId);
    const connection = action === 'plug' ? 'connected' : action === 'unplug' ? 'disconnected' : 'error';
    const detail =
      action === 'fault' ? 'Défaut simulé : le périphérique ne répond plus' : 'Périphérique simulé';
    const next: DeviceStatus = { ...current, connection, detail, changedAt: this.now().toISOString() };
    this.devices.set(deviceId, next);
    if (next.connection !== current.connection) this.emit('change', next);
    return next;
  }
}

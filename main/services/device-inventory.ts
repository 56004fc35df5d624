/**
 * Device inventory service: main's view of the devices the device host reports. It caches the last
 * status of each device (so the UI answers instantly), refreshes it whenever the host (re)starts,
 * and republishes changes as `device.status` events.
 */
import type { DeviceStatus } from '../../common/domain';
import { StationError } from '../../common/errors';
import type { HostSupervisor } from '../hosts/supervisor';
import type { EventBus } from './event-bus';

export class DeviceInventory {
  private readonly devices = new Map<string, DeviceStatus>();

  constructor(
    private readonly host: HostSupervisor<'device'>,
    private readonly bus: EventBus,
  ) {
    host.on('event', (event, payload) => {
      if (event === 'device.status') this.update(payload as DeviceStatus);
    });
    host.on('ready', () => {
      void this.refresh();
    });
  }

  private update(status: DeviceStatus): void {
    const previous = this.devices.get(status.id);
    this.devices.set(status.id, status);
    if (!previous || previous.changedAt !== status.changedAt) {
      this.bus.publish('device.status', status);
    }
  }

  async refresh(): Promise<DeviceStatus[]> {
    const result = await this.host.call('inventory', {});
    if (!result.ok) throw new StationError(result.error.code, result.error.message, result.error.details);
    for (const status of result.value) this.update(status);
    return result.value;
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()];
  }

  async simulate(deviceId: string, action: 'plug' | 'unplug' | 'fault'): Promise<DeviceStatus> {
    const known = this.devices.get(deviceId);
    if (known && !known.simulated) {
      throw new StationError(
        'FORBIDDEN',
        'Seuls les périphériques simulés peuvent être débranchés par logiciel.',
      );
    }
    const result = await this.host.call('simulate', { deviceId, action }, 20000);
    if (!result.ok) throw new StationError(result.error.code, result.error.message, result.error.details);
    this.update(result.value);
    return result.value;
  }
}

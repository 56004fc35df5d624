/**
 * Applies the faults of a simulated day to a running station core, for real: a simulated device is
 * unplugged through the device host, the device host is killed (SIGKILL) and kept down, the relay to
 * the central is cut, the free disk the availability service reads is made low. Each fault has a
 * start and an end; the end waits until the station is back to what it was (device connected, host
 * ready with its devices, sync online), so the next simulated minute sees the repaired station.
 *
 * What each fault makes of a minute (docs/availability.md): `device-unplugged` a needed device alone
 * of its kind: down / device-missing (degraded for the barcode reader); `host-crash`: down /
 * host-crashed (device host); `disk-low`: down / disk-low (free disk under the outbox reserve);
 * `central-down`: degraded / central-unreachable (one small dossier is queued so the engine tries).
 */
import type { DeviceStatus, SyncState } from '../../../common/domain';
import type { HostSupervisor } from '../../hosts/supervisor';
import type { DeviceInventory } from '../device-inventory';
import type { CentralLink } from './central-link';
import type { ScriptedFault } from './fault-script';

/** How long, in real time, the injector waits for the station to follow a fault before giving up. */
const SETTLE_TIMEOUT_MS = 60_000;

export interface FaultTargets {
  inventory: DeviceInventory;
  device: HostSupervisor<'device'>;
  /** The disk the availability service sees (`low`: under the outbox reserve). */
  disk: { low: boolean };
  /** The relay to the central (absent: the station has no central, `central-down` is refused). */
  central?:
    | {
        link: CentralLink;
        /** Queues something to send and asks the engine to try now. */
        nudge(): Promise<void>;
        syncState(): SyncState;
      }
    | undefined;
}

export class FaultTimeoutError extends Error {
  constructor(what: string) {
    super(`the station did not follow the simulated fault in ${SETTLE_TIMEOUT_MS / 1000} s: ${what}`);
    this.name = 'FaultTimeoutError';
  }
}

/** Resolves when `done()` holds (checked every 20 ms of real time), rejects after the timeout. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new FaultTimeoutError(what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export class FaultInjector {
  /** Devices unplugged now (a restarted device host plugs them all back: they are unplugged again). */
  private readonly unplugged = new Set<string>();
  /** Devices connected when the device host was killed: its restart waits for them. */
  private connectedAtCrash: string[] = [];

  constructor(private readonly targets: FaultTargets) {}

  private device(id: string): DeviceStatus | undefined {
    return this.targets.inventory.list().find((d) => d.id === id);
  }

  async unplug(id: string): Promise<void> {
    this.unplugged.add(id);
    await this.targets.inventory.simulate(id, 'unplug');
  }

  async plug(id: string): Promise<void> {
    this.unplugged.delete(id);
    await this.targets.inventory.simulate(id, 'plug');
    await until(() => this.device(id)?.connection === 'connected', `device ${id} connected again`);
  }

  async start(fault: ScriptedFault): Promise<void> {
    const { targets } = this;
    switch (fault.fault) {
      case 'device-unplugged':
        await this.unplug(fault.device!);
        return;
      case 'disk-low':
        targets.disk.low = true;
        return;
      case 'host-crash':
        this.connectedAtCrash = targets.inventory
          .list()
          .filter((d) => d.connection === 'connected')
          .map((d) => d.id);
        await targets.device.crash();
        return;
      case 'central-down': {
        const central = targets.central!;
        await central.link.cut();
        await central.nudge();
        await until(() => !central.syncState().online, 'sync offline');
        return;
      }
    }
  }

  async end(fault: ScriptedFault): Promise<void> {
    const { targets } = this;
    switch (fault.fault) {
      case 'device-unplugged':
        await this.plug(fault.device!);
        return;
      case 'disk-low':
        targets.disk.low = false;
        return;
      case 'host-crash': {
        await targets.device.resume();
        await targets.inventory.refresh();
        for (const id of this.unplugged) await targets.inventory.simulate(id, 'unplug');
        const expected = this.connectedAtCrash.filter((id) => !this.unplugged.has(id));
        await until(
          () => expected.every((id) => this.device(id)?.connection === 'connected'),
          'devices connected after the device host restarted',
        );
        return;
      }
      case 'central-down': {
        const central = targets.central!;
        await central.link.restore();
        await until(() => central.syncState().online, 'sync online again');
        return;
      }
    }
  }
}

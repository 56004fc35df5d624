/**
 * The real HID bus over node-hid v3 (async API, hidraw on Linux). The only importer of node-hid:
 * it lists devices, opens them, and adapts HIDAsync to our HidTransport (feature reports in and
 * out, input reports as events, disconnect on read error). Kept thin: no protocol knowledge here.
 */
import HID from 'node-hid';
import { HidTransportListeners } from '../core/hid-listeners';
import type { HidBus, HidDeviceInfo, HidTransport } from '../core/transport';

function toInfo(d: HID.Device, path: string): HidDeviceInfo {
  return {
    vendorId: d.vendorId,
    productId: d.productId,
    path,
    ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
    ...(d.product ? { product: d.product } : {}),
    ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
    ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
    ...(d.usage !== undefined ? { usage: d.usage } : {}),
  };
}

class NodeHidTransport extends HidTransportListeners implements HidTransport {
  private closed = false;

  constructor(
    readonly info: HidDeviceInfo,
    private readonly device: HID.HIDAsync,
  ) {
    super();
    device.on('data', (data: Buffer) => this.deliverInput(new Uint8Array(data), false));
    // hidapi reports an unplug as a read error.
    device.on('error', (error: Error) => this.lost(error));
  }

  private lost(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    void this.device.close().catch(() => undefined);
    this.announceDisconnect(error);
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(await this.device.getFeatureReport(reportId, length));
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    await this.device.sendFeatureReport(Buffer.from(data));
  }

  async write(data: Uint8Array): Promise<void> {
    await this.device.write(Buffer.from(data));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dropListeners();
    this.device.removeAllListeners();
    await this.device.close();
  }
}

export interface NodeHidBusOptions {
  /** Only list devices with these vendor ids (all when empty). */
  vendorIds?: readonly number[];
}

export function createNodeHidBus(options: NodeHidBusOptions = {}): HidBus {
  return {
    async list() {
      const devices = await HID.devicesAsync();
      return devices
        .filter((d): d is HID.Device & { path: string } => typeof d.path === 'string' && d.path.length > 0)
        .filter((d) => !options.vendorIds?.length || options.vendorIds.includes(d.vendorId))
        .map((d) => toInfo(d, d.path));
    },
    async open(path: string) {
      const device = await HID.HIDAsync.open(path);
      const info = await device.getDeviceInfo();
      return new NodeHidTransport(toInfo(info, path), device);
    },
  };
}

/**
 * An input-only HidTransport: what a HID POS reader is to the station (it only sends input reports).
 * The simulator and the hex report stream of `sim serve barcode` both hand the driver one of these.
 */
import { HidTransportListeners } from '../../core/hid-listeners';
import type { HidDeviceInfo, HidTransport } from '../../core/transport';

export class InputOnlyHidTransport extends HidTransportListeners implements HidTransport {
  closed = false;

  constructor(
    readonly info: HidDeviceInfo,
    private readonly onClose: (t: InputOnlyHidTransport) => void = () => undefined,
  ) {
    super();
  }

  private refuse(): Promise<never> {
    return Promise.reject(
      new Error(this.closed ? 'HID device closed' : 'HID POS scanner has no such report'),
    );
  }

  getFeatureReport(): Promise<Uint8Array> {
    return this.refuse();
  }

  sendFeatureReport(): Promise<void> {
    return this.refuse();
  }

  write(): Promise<void> {
    return this.refuse();
  }

  /** An input report arrives (a copy per listener's call, as a bus delivers fresh buffers). */
  deliver(report: Uint8Array): void {
    if (this.closed) return;
    this.deliverInput(report, true);
  }

  /** The device went away: listeners hear it once, the transport is closed. */
  lose(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    this.announceDisconnect(error);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dropListeners();
    this.onClose(this);
  }
}

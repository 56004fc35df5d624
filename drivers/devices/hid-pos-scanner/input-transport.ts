/**
 * An input-only HidTransport: what a HID POS reader is to the station (it only sends input reports).
 * The simulator and the hex report stream of `sim serve barcode` both hand the driver one of these.
 */
import type { HidDeviceInfo, HidTransport, Unsubscribe } from '../../core/transport';

export class InputOnlyHidTransport implements HidTransport {
  private readonly inputListeners = new Set<(report: Uint8Array) => void>();
  private readonly disconnectListeners = new Set<(error?: Error) => void>();
  closed = false;

  constructor(
    readonly info: HidDeviceInfo,
    private readonly onClose: (t: InputOnlyHidTransport) => void = () => undefined,
  ) {}

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

  onInputReport(listener: (report: Uint8Array) => void): Unsubscribe {
    this.inputListeners.add(listener);
    return () => this.inputListeners.delete(listener);
  }

  onDisconnect(listener: (error?: Error) => void): Unsubscribe {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** An input report arrives (a copy per listener's call, as a bus delivers fresh buffers). */
  deliver(report: Uint8Array): void {
    if (this.closed) return;
    for (const l of [...this.inputListeners]) l(Uint8Array.from(report));
  }

  /** The device went away: listeners hear it once, the transport is closed. */
  lose(error: Error): void {
    if (this.closed) return;
    const listeners = [...this.disconnectListeners];
    this.detach();
    for (const l of listeners) l(error);
  }

  private detach(): void {
    this.closed = true;
    this.inputListeners.clear();
    this.disconnectListeners.clear();
    this.onClose(this);
  }

  async close(): Promise<void> {
    if (!this.closed) this.detach();
  }
}

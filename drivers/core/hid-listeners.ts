/**
 * The listener bookkeeping every HidTransport shares (node-hid's, the STU simulator's, the input-only
 * one of the POS scanner): input-report and disconnect listeners, delivery, and the one disconnection
 * after which no listener is kept. A transport extends it and adds its reports and its close.
 */
import type { HidTransport, Unsubscribe } from './transport';

export abstract class HidTransportListeners implements Pick<HidTransport, 'onInputReport' | 'onDisconnect'> {
  private readonly inputListeners = new Set<(report: Uint8Array) => void>();
  private readonly disconnectListeners = new Set<(error?: Error) => void>();

  onInputReport(listener: (report: Uint8Array) => void): Unsubscribe {
    this.inputListeners.add(listener);
    return () => this.inputListeners.delete(listener);
  }

  onDisconnect(listener: (error?: Error) => void): Unsubscribe {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }

  /** Hands `report` to every input listener: one shared buffer, or a fresh copy per call (`copyEach`). */
  protected deliverInput(report: Uint8Array, copyEach: boolean): void {
    for (const listener of [...this.inputListeners]) listener(copyEach ? Uint8Array.from(report) : report);
  }

  /** Forgets every listener (on close). */
  protected dropListeners(): void {
    this.inputListeners.clear();
    this.disconnectListeners.clear();
  }

  /** Forgets every listener, then tells the disconnect listeners (each once) why the device went away. */
  protected announceDisconnect(error: Error): void {
    const listeners = [...this.disconnectListeners];
    this.dropListeners();
    for (const listener of listeners) listener(error);
  }
}

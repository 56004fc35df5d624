/**
 * The simulated 2D barcode reader: a HID POS imager behind the same HidTransport a real one has.
 * `scan()` puts on the bus exactly the Scanned Data Reports the reader sends for a symbol (64 bytes,
 * report id 2, AIM identifier, 56 data bytes a report, continued bit), one report per event-loop
 * turn as USB interrupt transfers arrive. The control handle also sends raw reports (malformed ones
 * for tests), unplugs the reader, and can present it in keyboard-emulation mode (a boot keyboard
 * typing the symbol, US layout, as a factory-configured scanner does) to exercise the detection.
 */
import type { HidBus, HidDeviceInfo } from '../../core/transport';
import { InputOnlyHidTransport } from './input-transport';
import { aimIdentifier, type Symbology } from './protocol/aim';
import { encodeScannedDataReports } from './protocol/scanned-data';

export interface SimulatedScannerOptions {
  mode?: 'hid-pos' | 'keyboard-wedge';
  path?: string;
  serial?: string;
}

export interface ScannerSimControl {
  readonly mode: 'hid-pos' | 'keyboard-wedge';
  /** Scans a symbol: text (sent as Latin-1 bytes, as a DataMatrix carries a 2D-DOC) or bytes. */
  scan(content: string | Uint8Array, symbology?: Symbology): Promise<Uint8Array[]>;
  /** Puts raw input reports on the bus (malformed ones included). */
  send(reports: readonly Uint8Array[]): Promise<void>;
  unplug(): void;
  readonly plugged: boolean;
  readonly openTransports: number;
}

export interface SimulatedScanner {
  bus: HidBus;
  control: ScannerSimControl;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Boot keyboard reports (modifier, reserved, key) typing `text` then Enter, US layout. */
export function keyboardReports(text: string): Uint8Array[] {
  const reports: Uint8Array[] = [];
  const press = (modifier: number, key: number) => {
    reports.push(Uint8Array.of(modifier, 0, key, 0, 0, 0, 0, 0), new Uint8Array(8));
  };
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (c >= 'a' && c <= 'z') press(0, 0x04 + code - 97);
    else if (c >= 'A' && c <= 'Z') press(0x02, 0x04 + code - 65);
    else if (c >= '1' && c <= '9') press(0, 0x1e + code - 49);
    else if (c === '0') press(0, 0x27);
    else if (c === ' ') press(0, 0x2c);
    else if (c === '/') press(0, 0x38);
    // Control characters (the GS and US of a 2D-DOC) have no key: a wedge loses them.
  }
  press(0, 0x28);
  return reports;
}

export function simulatedScanner(options: SimulatedScannerOptions = {}): SimulatedScanner {
  const mode = options.mode ?? 'hid-pos';
  const info: HidDeviceInfo = {
    vendorId: 0x0c2e,
    // The simulator's own product ids (a real scanner's change with its configured interface).
    productId: mode === 'hid-pos' ? 0xfff0 : 0xfff1,
    path: options.path ?? 'sim://hid-pos-scanner',
    serialNumber: options.serial ?? 'SIM-HIDPOS-0001',
    product: 'Simulated 2D imager (HID POS)',
    manufacturer: 'Recueil',
    usagePage: mode === 'hid-pos' ? 0x8c : 0x01,
    usage: mode === 'hid-pos' ? 0x02 : 0x06,
  };
  const open = new Set<InputOnlyHidTransport>();
  let plugged = true;

  const deliver = async (reports: readonly Uint8Array[]) => {
    for (const report of reports) {
      await tick();
      if (!plugged) return;
      for (const t of [...open]) t.deliver(report);
    }
  };

  const control: ScannerSimControl = {
    mode,
    async scan(content, symbology = 'datamatrix') {
      const bytes =
        typeof content === 'string' ? Uint8Array.from(content, (c) => c.charCodeAt(0) & 0xff) : content;
      const reports =
        mode === 'hid-pos'
          ? encodeScannedDataReports(bytes, aimIdentifier(symbology))
          : keyboardReports(String.fromCharCode(...bytes));
      await deliver(reports);
      return reports;
    },
    send: deliver,
    unplug() {
      if (!plugged) return;
      plugged = false;
      for (const t of [...open]) t.lose(new Error('HID device disconnected'));
    },
    get plugged() {
      return plugged;
    },
    get openTransports() {
      return open.size;
    },
  };

  const bus: HidBus = {
    async list() {
      return plugged ? [info] : [];
    },
    async open(path) {
      if (!plugged || path !== info.path) throw new Error(`cannot open HID device ${path}`);
      const transport = new InputOnlyHidTransport(info, (t) => open.delete(t));
      open.add(transport);
      return transport;
    },
  };
  return { bus, control };
}

/**
 * `recueil sim serve barcode`: the simulated HID POS reader driven from a terminal or a test. Each
 * symbol to "scan" is given on the input (one per line, or `scan()`), and every input report the
 * reader puts on its USB interrupt endpoint is written on the output as one line of hex, byte for
 * byte (`report 02385d6431...`): what hidraw would deliver. The station's HID POS driver reads such
 * a stream back through `hexReportTransport` (same codec, same assembler). With `uhid`, the same
 * reports also feed a kernel HID device (uhid.ts), seen by hidraw like a USB reader.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { HidDeviceInfo, HidTransport } from '../../core/transport';
import { InputOnlyHidTransport } from './input-transport';
import type { Symbology } from './protocol/aim';
import { simulatedScanner } from './simulator';
import { openUhidDevice } from './uhid';

export interface ScannerServeOptions {
  input: Readable;
  output: Writable;
  mode?: 'hid-pos' | 'keyboard-wedge';
  symbology?: Symbology;
  /** Turns a typed line into the symbol's text (e.g. "<GS>" into 0x1D). */
  decodeLine?: (line: string) => string;
  /** Also put the reports on a kernel HID device (uhid.ts): hidraw and node-hid then see the reader. */
  uhid?: { path?: string };
}

export interface ScannerServer {
  readonly info: HidDeviceInfo;
  scan(content: string | Uint8Array, symbology?: Symbology): Promise<void>;
  /** Resolves when the input ends and every scan was written. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export async function serveScannerOnStreams(options: ScannerServeOptions): Promise<ScannerServer> {
  const sim = simulatedScanner({ mode: options.mode ?? 'hid-pos', path: 'sim-stdio://hid-pos-scanner' });
  const [info] = await sim.bus.list();
  const transport = await sim.bus.open(info!.path);
  const kernel = options.uhid
    ? openUhidDevice(
        {
          name: 'Recueil simulated HID POS reader',
          vendorId: info!.vendorId,
          productId: info!.productId,
          serial: info!.serialNumber ?? '',
        },
        options.uhid.path,
      )
    : undefined;
  transport.onInputReport((report) => {
    options.output.write(`report ${Buffer.from(report).toString('hex')}\n`);
    kernel?.send(report);
  });
  let queue = Promise.resolve();
  const scan = (content: string | Uint8Array, symbology = options.symbology) => {
    queue = queue.then(async () => {
      await sim.control.scan(content, symbology);
      options.output.write('scanned\n');
    });
    return queue;
  };
  const lines = createInterface({ input: options.input, crlfDelay: Number.POSITIVE_INFINITY });
  const closed = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if (line.length > 0) void scan(options.decodeLine ? options.decodeLine(line) : line);
    });
    lines.once('close', () => void queue.then(resolve));
  });
  return {
    info: info!,
    scan,
    closed,
    async close() {
      lines.close();
      await queue;
      await transport.close();
      kernel?.close();
    },
  };
}

/** A HidTransport reading `report <hex>` lines (what serveScannerOnStreams writes). */
export function hexReportTransport(input: Readable, info: HidDeviceInfo): HidTransport {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const transport = new InputOnlyHidTransport(info, () => lines.close());
  lines.on('line', (line) => {
    const m = /^report ([0-9a-f]*)$/.exec(line.trim());
    if (m && m[1]!.length % 2 === 0) transport.deliver(new Uint8Array(Buffer.from(m[1]!, 'hex')));
  });
  lines.once('close', () => transport.lose(new Error('report stream ended')));
  return transport;
}

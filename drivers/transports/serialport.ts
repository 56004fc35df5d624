/**
 * Serial transport: the ONLY importer of `serialport` / `@serialport/*`. Adapts a serial port
 * (real tty, USB-UART bridge, pseudo-terminal) to the `SerialBus`/`ByteStream` interfaces, and
 * provides a mock bus on `@serialport/binding-mock` whose device side is itself a ByteStream, so
 * a firmware simulator can sit behind the same serialport stack that drives real hardware.
 */
import { SerialPortStream } from '@serialport/stream';
import { SerialPort, SerialPortMock } from 'serialport';
import type {
  ByteStream,
  SerialBus,
  SerialOpenOptions,
  SerialPortInfo,
  Unsubscribe,
} from '../core/transport';

/** Wraps an opened serialport stream as a ByteStream. */
function toByteStream(port: SerialPortStream, path: string): ByteStream {
  const closeListeners = new Set<(error?: Error) => void>();
  let closed = false;
  port.on('close', (error?: Error | null) => {
    if (closed) return;
    closed = true;
    for (const listener of [...closeListeners]) listener(error ?? undefined);
    closeListeners.clear();
  });
  // Without an 'error' listener a read error would crash the process; the 'close' that follows a
  // disconnect carries the reason to the driver.
  port.on('error', () => undefined);
  return {
    path,
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (closed || !port.isOpen) return reject(new Error(`${path}: port closed`));
        port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (error) =>
          error ? reject(error) : resolve(),
        );
      }),
    onData: (listener): Unsubscribe => {
      const handler = (chunk: Buffer) =>
        listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      port.on('data', handler);
      return () => port.off('data', handler);
    },
    onClose: (listener): Unsubscribe => {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed || !port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}

function openStream(port: SerialPortStream): Promise<void> {
  return new Promise((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
}

/** The real serial bus (Linux ttys, pseudo-terminals, Windows COM ports...). */
export function createSerialBus(): SerialBus {
  return {
    async list(): Promise<SerialPortInfo[]> {
      try {
        const ports = await SerialPort.list();
        return ports.map((p) => ({
          path: p.path,
          vendorId: p.vendorId ? Number.parseInt(p.vendorId, 16) : undefined,
          productId: p.productId ? Number.parseInt(p.productId, 16) : undefined,
          serialNumber: p.serialNumber,
          manufacturer: p.manufacturer,
        }));
      } catch {
        // Listing needs udevadm on Linux; without it, ports are opened by explicit path only.
        return [];
      }
    },
    async open(path: string, options: SerialOpenOptions): Promise<ByteStream> {
      const port = new SerialPort({ path, baudRate: options.baudRate, autoOpen: false });
      await openStream(port);
      return toByteStream(port, path);
    },
  };
}

// ── mock bus on @serialport/binding-mock ────────────────────────────────────────────────────────

/** `@serialport/binding-mock` (its typings do not resolve through its package exports). */
const MockBinding = SerialPortMock.binding;
type MockOpenOptions = Parameters<typeof MockBinding.open>[0];

/** The parts of a binding-mock port this adapter uses. */
interface MockPortBinding {
  emitData(data: Buffer): void;
  write(buffer: Buffer): Promise<void>;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  close(): Promise<void>;
}

export interface MockSerialBus extends SerialBus {
  /** Declares a port; `device(path)` is its far end once the host opened it. */
  createPort(path: string): void;
  /** The device side of an opened port: what it writes the host reads, and vice versa. */
  device(path: string): Promise<ByteStream & { unplug(): void }>;
  /** Forgets every mock port (call between tests). */
  reset(): void;
}

class DeviceSide {
  readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  readonly closeListeners = new Set<(error?: Error) => void>();
  binding: MockPortBinding;
  closed = false;
  private rejectRead: ((error: Error) => void) | undefined;
  readonly unplugged: Promise<never>;

  constructor(binding: MockPortBinding) {
    this.binding = binding;
    this.unplugged = new Promise<never>((_, reject) => {
      this.rejectRead = reject;
    });
    this.unplugged.catch(() => undefined);
  }

  unplug(): void {
    if (this.closed) return;
    const error = Object.assign(new Error('unplugged'), { disconnected: true });
    this.rejectRead?.(error);
    this.markClosed(error);
  }

  markClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener(error);
    this.closeListeners.clear();
    this.dataListeners.clear();
  }
}

/** A serial bus whose ports are `@serialport/binding-mock` ports with a scriptable device side. */
export function createMockSerialBus(): MockSerialBus {
  const sides = new Map<string, DeviceSide>();
  const waiting = new Map<string, ((side: DeviceSide) => void)[]>();

  const binding: typeof MockBinding = {
    ...MockBinding,
    list: () => MockBinding.list(),
    async open(options: MockOpenOptions) {
      const port = await MockBinding.open(options);
      const side = new DeviceSide(port);
      sides.set(options.path, side);
      for (const resolve of waiting.get(options.path) ?? []) resolve(side);
      waiting.delete(options.path);
      // Same port, but host writes reach the device side and an unplug fails the pending read.
      return new Proxy(port, {
        get(target, property, receiver) {
          if (property === 'write') {
            return async (buffer: Buffer) => {
              await target.write(buffer);
              const bytes = Uint8Array.from(buffer);
              setImmediate(() => {
                for (const listener of [...side.dataListeners]) listener(bytes);
              });
            };
          }
          if (property === 'read') {
            return (buffer: Buffer, offset: number, length: number) =>
              Promise.race([target.read(buffer, offset, length), side.unplugged]);
          }
          if (property === 'close') {
            return async () => {
              side.markClosed();
              await target.close();
            };
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };

  return {
    async list() {
      const ports = await MockBinding.list();
      return ports.map((p: { path: string }) => ({ path: p.path }));
    },
    async open(path: string, options: SerialOpenOptions): Promise<ByteStream> {
      const port = new SerialPortStream({ binding, path, baudRate: options.baudRate, autoOpen: false });
      await openStream(port);
      return toByteStream(port, path);
    },
    createPort(path: string) {
      MockBinding.createPort(path, { echo: false, record: false });
    },
    async device(path: string) {
      const side =
        sides.get(path) ??
        (await new Promise<DeviceSide>((resolve) =>
          waiting.set(path, [...(waiting.get(path) ?? []), resolve]),
        ));
      return {
        path: `${path}#device`,
        async write(bytes: Uint8Array) {
          if (side.closed) throw new Error(`${path}: port closed`);
          side.binding.emitData(Buffer.from(bytes));
        },
        onData(listener) {
          side.dataListeners.add(listener);
          return () => side.dataListeners.delete(listener);
        },
        onClose(listener) {
          side.closeListeners.add(listener);
          return () => side.closeListeners.delete(listener);
        },
        async close() {
          side.unplug();
        },
        unplug() {
          side.unplug();
        },
      };
    },
    reset() {
      sides.clear();
      waiting.clear();
      MockBinding.reset();
    },
  };
}

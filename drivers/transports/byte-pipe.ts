/**
 * In-memory byte pipe: two connected `ByteStream` ends, for running a driver against a device
 * simulator in the same process. Delivery is asynchronous and ordered, optionally split into
 * random chunks (to exercise streaming decoders); either end can be severed to emulate an unplug.
 */

import { seededRandom } from '../../common/prng';
import type { ByteStream, Unsubscribe } from '../core/transport';

export interface BytePipeOptions {
  /** Split every write into chunks of 1..maxChunk bytes (deterministic from `seed`). */
  maxChunk?: number;
  seed?: number;
}

export interface BytePipeEnd extends ByteStream {
  /** Closes both ends; listeners of both ends receive `reason` (an unplug, a cable cut...). */
  sever(reason?: Error): void;
  readonly closed: boolean;
}

class PipeEnd implements BytePipeEnd {
  peer!: PipeEnd;
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();
  private state: { closed: boolean };

  constructor(
    readonly path: string,
    shared: { closed: boolean },
    private readonly chunker: (bytes: Uint8Array) => Uint8Array[],
  ) {
    this.state = shared;
  }

  get closed(): boolean {
    return this.state.closed;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.state.closed) throw new Error(`${this.path}: stream closed`);
    const copy = Uint8Array.from(bytes);
    for (const chunk of this.chunker(copy)) {
      setImmediate(() => {
        if (this.state.closed) return;
        for (const listener of [...this.peer.dataListeners]) listener(chunk);
      });
    }
  }

  onData(listener: (bytes: Uint8Array) => void): Unsubscribe {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): Unsubscribe {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.sever();
  }

  sever(reason?: Error): void {
    if (this.state.closed) return;
    this.state.closed = true;
    for (const end of [this, this.peer]) {
      const listeners = [...end.closeListeners];
      end.closeListeners.clear();
      end.dataListeners.clear();
      setImmediate(() => {
        for (const listener of listeners) listener(reason);
      });
    }
  }
}

function makeChunker(options: BytePipeOptions): (bytes: Uint8Array) => Uint8Array[] {
  const maxChunk = options.maxChunk;
  if (!maxChunk || maxChunk < 1) return (bytes) => [bytes];
  const random = seededRandom(options.seed ?? 1);
  return (bytes) => {
    const chunks: Uint8Array[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      const size = 1 + Math.floor(random() * maxChunk);
      chunks.push(bytes.subarray(offset, offset + size));
      offset += size;
    }
    return chunks;
  };
}

/** Returns `[host, device]`: what one end writes, the other end receives. */
export function createBytePipe(
  hostPath = 'pipe:host',
  devicePath = 'pipe:device',
  options: BytePipeOptions = {},
): [BytePipeEnd, BytePipeEnd] {
  const shared = { closed: false };
  const chunker = makeChunker(options);
  const host = new PipeEnd(hostPath, shared, chunker);
  const device = new PipeEnd(devicePath, shared, chunker);
  host.peer = device;
  device.peer = host;
  return [host, device];
}

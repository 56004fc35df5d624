/**
 * Packet link to one ZFM module over a ByteStream: frames outgoing commands, decodes incoming bytes
 * with the streaming decoder, and hands the driver one acknowledgement per command (or a data
 * transfer) under a deadline. Owns line hygiene: after an aborted exchange it waits for the line to
 * fall quiet and drops stale frames, so a late answer is never taken for the next command's. A
 * closed stream fails every wait with a 'disconnected' DeviceError.
 */
import { DeviceError, FrameError } from '../../core/errors';
import type { ProtocolTrace } from '../../core/trace';
import type { ByteStream, Unsubscribe } from '../../core/transport';
import { type Ack, parseAck } from './protocol/commands';
import { ZfmFrameDecoder } from './protocol/decoder';
import { encodePacket, PacketId, type ZfmPacket } from './protocol/packet';

type Incoming = { kind: 'packet'; packet: ZfmPacket } | { kind: 'error'; error: FrameError };

export interface ZfmLinkOptions {
  address: number;
  trace: ProtocolTrace;
  /** Silence that marks the end of a stale answer after an aborted exchange (default 60 ms). */
  quietMs?: number;
  /** Longest wait for a quiet line before going on anyway (default 8 s: a full image at 57,600 baud). */
  staleMaxMs?: number;
}

export interface ExchangeOptions {
  signal: AbortSignal;
  /** Deadline for the answer (or, for data, for each next packet). */
  timeoutMs: number;
  context: string;
}

/** An AbortSignal that also fires after `ms` with a 'timeout' DeviceError; `reset` re-arms it. */
function deadline(parent: AbortSignal, ms: number, context: string) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        controller.abort(
          new DeviceError('timeout', 'ZFM_NO_ANSWER', `${context}: no answer from the module in ${ms} ms`),
        ),
      ms,
    );
  };
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  arm();
  return {
    signal: controller.signal,
    reset: arm,
    clear: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

export class ZfmLink {
  private readonly decoder = new ZfmFrameDecoder();
  private queue: Incoming[] = [];
  private wake: (() => void) | undefined;
  private closedError: DeviceError | undefined;
  private lastRxAt = 0;
  private dirty = false;
  private readonly unsubscribes: Unsubscribe[];
  private readonly closeListeners = new Set<(error: DeviceError) => void>();
  private readonly quietMs: number;
  private readonly staleMaxMs: number;

  constructor(
    private readonly stream: ByteStream,
    private readonly options: ZfmLinkOptions,
  ) {
    this.quietMs = options.quietMs ?? 60;
    this.staleMaxMs = options.staleMaxMs ?? 8000;
    this.unsubscribes = [
      stream.onData((bytes) => this.onBytes(bytes)),
      stream.onClose((error) => this.onClosed(error)),
    ];
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  onClose(listener: (error: DeviceError) => void): Unsubscribe {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Sends a command and resolves with its acknowledgement. */
  async command(packet: ZfmPacket, options: ExchangeOptions): Promise<Ack> {
    await this.settleLine(options.signal);
    const timer = deadline(options.signal, options.timeoutMs, options.context);
    try {
      await this.write(encodePacket(packet), options.context);
      for (;;) {
        const item = await this.next(timer.signal);
        const packetIn = this.accept(item, options.context);
        if (!packetIn) continue;
        if (packetIn.pid !== PacketId.ack) continue; // stray data from an earlier transfer
        return parseAck(packetIn);
      }
    } catch (error) {
      this.dirty = true;
      throw this.normalise(error, options.context);
    } finally {
      timer.clear();
    }
  }

  /** Collects data packets until the end-of-data packet; `onPacket` gets the running byte count. */
  async receiveData(
    options: ExchangeOptions & { onPacket?: (received: number) => void },
  ): Promise<Uint8Array> {
    const timer = deadline(options.signal, options.timeoutMs, options.context);
    const parts: Uint8Array[] = [];
    let received = 0;
    try {
      for (;;) {
        const item = await this.next(timer.signal);
        const packet = this.accept(item, options.context);
        if (!packet) continue;
        if (packet.pid === PacketId.ack) {
          throw new DeviceError(
            'protocol',
            'ZFM_UNEXPECTED_PACKET',
            `${options.context}: acknowledgement during a data transfer`,
          );
        }
        if (packet.pid !== PacketId.data && packet.pid !== PacketId.endData) continue;
        parts.push(packet.payload);
        received += packet.payload.length;
        timer.reset();
        options.onPacket?.(received);
        if (packet.pid === PacketId.endData) break;
      }
    } catch (error) {
      this.dirty = true;
      throw this.normalise(error, options.context);
    } finally {
      timer.clear();
    }
    const out = new Uint8Array(received);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  /** Forgets buffered bytes and waits for a quiet line before the next exchange. */
  async resynchronise(signal: AbortSignal): Promise<void> {
    this.dirty = true;
    await this.settleLine(signal);
  }

  detach(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  private accept(item: Incoming, context: string): ZfmPacket | undefined {
    if (item.kind === 'error') {
      throw new DeviceError('protocol', 'ZFM_BAD_FRAME', `${context}: ${item.error.message}`, {
        cause: item.error,
        protocolStatus: item.error.code,
      });
    }
    return item.packet.address === this.options.address ? item.packet : undefined;
  }

  private normalise(error: unknown, context: string): DeviceError {
    if (error instanceof DeviceError) return error;
    if (error instanceof FrameError) {
      return new DeviceError('protocol', 'ZFM_BAD_FRAME', `${context}: ${error.message}`, {
        cause: error,
        protocolStatus: error.code,
      });
    }
    return new DeviceError('fatal', 'ZFM_LINK_ERROR', `${context}: ${String(error)}`, { cause: error });
  }

  private async write(bytes: Uint8Array, context: string): Promise<void> {
    if (this.closedError) throw this.closedError;
    this.options.trace.record('out', bytes, { note: context });
    try {
      await this.stream.write(bytes);
    } catch (cause) {
      throw (
        this.closedError ??
        new DeviceError('disconnected', 'ZFM_DISCONNECTED', `${context}: write failed`, { cause })
      );
    }
  }

  private async settleLine(signal: AbortSignal): Promise<void> {
    if (!this.dirty) return;
    const started = Date.now();
    for (;;) {
      if (this.closedError) throw this.closedError;
      // Quiet for quietMs counted from now at the earliest: an answer may still be on its way.
      const idle = Date.now() - Math.max(this.lastRxAt, started);
      if (idle >= this.quietMs || Date.now() - started >= this.staleMaxMs) break;
      await new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, this.quietMs - idle);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    this.decoder.reset();
    this.queue = [];
    this.dirty = false;
  }

  private onBytes(bytes: Uint8Array): void {
    this.lastRxAt = Date.now();
    for (const event of this.decoder.push(bytes)) {
      if (event.type === 'packet') {
        const personal = event.packet.pid === PacketId.data || event.packet.pid === PacketId.endData;
        this.options.trace.record('in', event.raw, { personal, note: personal ? 'image data' : undefined });
        this.queue.push({ kind: 'packet', packet: event.packet });
      } else if (event.type === 'error') {
        this.options.trace.record('in', new Uint8Array(0), {
          note: `frame error ${event.error.code}: ${event.error.message}`,
        });
        this.queue.push({ kind: 'error', error: event.error });
      }
    }
    this.wake?.();
  }

  private onClosed(cause?: Error): void {
    if (this.closedError) return;
    this.closedError = new DeviceError(
      'disconnected',
      'ZFM_DISCONNECTED',
      'ZFM module disconnected (stream closed)',
      {
        cause,
      },
    );
    this.wake?.();
    for (const listener of [...this.closeListeners]) listener(this.closedError);
  }

  private async next(signal: AbortSignal): Promise<Incoming> {
    for (;;) {
      const item = this.queue.shift();
      if (item) return item;
      if (this.closedError) throw this.closedError;
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          this.wake = undefined;
          reject(signal.reason);
        };
        if (signal.aborted) return onAbort();
        this.wake = () => {
          signal.removeEventListener('abort', onAbort);
          this.wake = undefined;
          resolve();
        };
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
  }
}

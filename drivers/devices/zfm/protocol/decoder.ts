/**
 * Streaming ZFM frame decoder — product core protocol. Bytes arrive in arbitrary chunks (serial
 * reads split anywhere); the decoder buffers at most one frame, skips noise before a start code
 * (e.g. the 0x55 some modules send at power-on), and reports malformed frames as typed FrameErrors
 * (bad checksum, oversized or undersized length, unknown PID) before resynchronising on the next
 * `EF 01`. It never throws and its buffer stays bounded.
 */
import { FrameError } from '../../../core/errors';
import {
  hex,
  isPacketId,
  ZFM_CHECKSUM_BYTES,
  ZFM_HEADER_BYTES,
  ZFM_MAX_PAYLOAD,
  type ZfmPacket,
  zfmChecksum,
} from './packet';

export type DecoderEvent =
  | { type: 'packet'; packet: ZfmPacket; raw: Uint8Array }
  /** A malformed frame; `skipped` bytes were dropped before resynchronising. */
  | { type: 'error'; error: FrameError; skipped: number }
  /** Bytes before a start code that belong to no frame. */
  | { type: 'noise'; bytes: number };

export class ZfmFrameDecoder {
  private buffer = new Uint8Array(0);
  private readonly maxPayload: number;

  constructor(options: { maxPayload?: number } = {}) {
    this.maxPayload = options.maxPayload ?? ZFM_MAX_PAYLOAD;
  }

  /** Bytes held while waiting for the rest of a frame (bounded by one maximal frame). */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Largest number of bytes the decoder may hold between two pushes. */
  get maxBuffered(): number {
    return ZFM_HEADER_BYTES + this.maxPayload + ZFM_CHECKSUM_BYTES - 1;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  push(chunk: Uint8Array): DecoderEvent[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const events: DecoderEvent[] = [];
    let pos = 0;
    while (pos < joined.length) {
      const start = findStart(joined, pos);
      if (start < 0) {
        // Keep a trailing 0xEF: it may be the first half of a start code.
        const keep = joined[joined.length - 1] === 0xef ? 1 : 0;
        const noise = joined.length - pos - keep;
        if (noise > 0) events.push({ type: 'noise', bytes: noise });
        pos = joined.length - keep;
        break;
      }
      if (start > pos) events.push({ type: 'noise', bytes: start - pos });
      pos = start;
      if (joined.length - pos < ZFM_HEADER_BYTES) break;
      const pid = joined[pos + 6]!;
      const length = (joined[pos + 7]! << 8) | joined[pos + 8]!;
      const bad = this.checkHeader(pid, length);
      if (bad) {
        events.push({ type: 'error', error: bad, skipped: 2 });
        pos += 2;
        continue;
      }
      const total = ZFM_HEADER_BYTES + length;
      if (joined.length - pos < total) break;
      const raw = joined.slice(pos, pos + total);
      const payload = raw.slice(ZFM_HEADER_BYTES, total - ZFM_CHECKSUM_BYTES);
      const actual = (raw[total - 2]! << 8) | raw[total - 1]!;
      const expected = zfmChecksum(pid, payload);
      if (actual !== expected) {
        events.push({
          type: 'error',
          error: new FrameError(
            'BAD_CHECKSUM',
            `ZFM checksum 0x${hex(actual, 4)} != computed 0x${hex(expected, 4)}`,
          ),
          skipped: 2,
        });
        // Resynchronise just after this start code: a real frame may hide behind a false one.
        pos += 2;
        continue;
      }
      const address = ((raw[2]! << 24) | (raw[3]! << 16) | (raw[4]! << 8) | raw[5]!) >>> 0;
      events.push({ type: 'packet', packet: { address, pid: pid as ZfmPacket['pid'], payload }, raw });
      pos += total;
    }
    this.buffer = joined.slice(pos);
    return events;
  }

  private checkHeader(pid: number, length: number): FrameError | undefined {
    if (!isPacketId(pid)) return new FrameError('BAD_HEADER', `unknown ZFM packet identifier 0x${hex(pid)}`);
    if (length < ZFM_CHECKSUM_BYTES) return new FrameError('BAD_LENGTH', `ZFM length field ${length} < 2`);
    if (length > this.maxPayload + ZFM_CHECKSUM_BYTES) {
      return new FrameError(
        'TOO_LARGE',
        `ZFM length field ${length} exceeds ${this.maxPayload + ZFM_CHECKSUM_BYTES}`,
      );
    }
    return undefined;
  }
}

function findStart(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0x01) return i;
  }
  return -1;
}

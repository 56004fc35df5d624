/**
 * Big-endian byte reader and growable byte writer for WSQ marker segments. The reader checks
 * every access against the end of its buffer and throws `WsqError('TRUNCATED')` instead of
 * reading past it.
 */
import { WsqError } from './errors';

export class ByteReader {
  private readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  require(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw new WsqError(
        'TRUNCATED',
        `${what}: needs ${n} bytes, ${this.end - this.pos} left at ${this.pos}`,
      );
    }
  }

  u8(what = 'byte'): number {
    this.require(1, what);
    return this.bytes[this.pos++]!;
  }

  u16(what = 'u16'): number {
    this.require(2, what);
    const v = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u32(what = 'u32'): number {
    this.require(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  take(n: number, what = 'bytes'): Uint8Array {
    this.require(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A reader limited to the next `n` bytes; this reader skips past them. */
  sub(n: number, what: string): ByteReader {
    this.require(n, what);
    const r = new ByteReader(this.bytes, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
}

export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(initialCapacity = 4096) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
  }

  u16(v: number): void {
    this.ensure(2);
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }

  u32(v: number): void {
    this.ensure(4);
    this.buf[this.length++] = (v >>> 24) & 0xff;
    this.buf[this.length++] = (v >>> 16) & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = v & 0xff;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

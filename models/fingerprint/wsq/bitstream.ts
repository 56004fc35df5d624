/**
 * Bit-level access to WSQ entropy-coded data: a reader that reproduces NBIS
 * `getc_nextbits_wsq` (MSB first, 0xFF00 byte stuffing, a marker recognised only where a code
 * word may start) and a writer that stuffs 0x00 after every 0xFF and pads with 1-bits.
 */
import { WsqError } from './errors';

export class EntropyReader {
  private readonly bytes: Uint8Array;
  pos: number;
  private readonly end: number;
  private code = 0;
  private bitCount = 0;
  /** The marker that stopped the last `readBit`, or 0. */
  marker = 0;

  constructor(bytes: Uint8Array, start: number, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  /** Discards the bits left in the current byte (start of a block or after a restart). */
  resetBits(): void {
    this.bitCount = 0;
    this.marker = 0;
  }

  private loadByte(allowMarker: boolean): boolean {
    if (this.pos >= this.end) throw new WsqError('TRUNCATED', 'entropy-coded data ends without EOI');
    const b = this.bytes[this.pos++]!;
    this.code = b;
    this.bitCount = 8;
    if (b === 0xff) {
      if (this.pos >= this.end) throw new WsqError('TRUNCATED', 'entropy-coded data ends inside 0xFF');
      const b2 = this.bytes[this.pos++]!;
      if (b2 !== 0) {
        if (allowMarker) {
          this.marker = 0xff00 | b2;
          this.bitCount = 0;
          return false;
        }
        throw new WsqError(
          'BAD_MARKER',
          `marker 0xFF${b2.toString(16).padStart(2, '0')} inside a code value`,
        );
      }
    }
    return true;
  }

  /** Next bit (0 or 1), or -1 when a marker was met at a byte boundary (see `marker`). */
  readBit(): number {
    if (this.bitCount === 0 && !this.loadByte(true)) return -1;
    this.bitCount--;
    return (this.code >> this.bitCount) & 1;
  }

  /** Next `n` bits (n <= 16) as an unsigned integer; a marker here is an error. */
  readBits(n: number): number {
    let v = 0;
    let need = n;
    while (need > 0) {
      if (this.bitCount === 0) this.loadByte(false);
      const take = Math.min(need, this.bitCount);
      this.bitCount -= take;
      v = (v << take) | ((this.code >> this.bitCount) & ((1 << take) - 1));
      need -= take;
    }
    return v;
  }
}

export class BitWriter {
  private buf: Uint8Array;
  length = 0;
  private acc = 0;
  private nbits = 0;

  constructor(initialCapacity = 1 << 14) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  private pushByte(b: number): void {
    if (this.length + 2 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf[this.length++] = b;
    if (b === 0xff) this.buf[this.length++] = 0;
  }

  /** Appends the low `size` bits of `value`, most significant first (size <= 16). */
  write(value: number, size: number): void {
    this.acc = ((this.acc << size) | (value & ((1 << size) - 1))) >>> 0;
    this.nbits += size;
    while (this.nbits >= 8) {
      this.nbits -= 8;
      this.pushByte((this.acc >>> this.nbits) & 0xff);
    }
    this.acc &= (1 << this.nbits) - 1;
  }

  /** Writes a marker (e.g. a restart marker) unstuffed; call `flush` first. */
  marker(code: number): void {
    if (this.nbits !== 0) throw new Error('BitWriter.marker: not byte-aligned');
    if (this.length + 2 > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf[this.length++] = (code >>> 8) & 0xff;
    this.buf[this.length++] = code & 0xff;
  }

  /** Pads the last byte with 1-bits. */
  flush(): void {
    if (this.nbits > 0) this.write(0xff, 8 - this.nbits);
  }

  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Checked byte access for the STU codecs: every read is bounds-checked and every report is checked
 * for its id and exact length, so a malformed frame ends in a typed FrameError, never a crash or a
 * silently wrong value. The STU protocol mixes endianness, hence explicit BE/LE helpers.
 */
import { FrameError } from '../../../core/errors';

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Parses a hex string with optional spaces (used by reference frames). */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex: ${text}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** Throws unless `bytes` is report `reportId` of exactly `length` bytes (id included). */
export function expectReport(bytes: Uint8Array, reportId: number, length: number, name: string): void {
  if (bytes.length === 0) throw new FrameError('TRUNCATED', `${name}: empty report`);
  if (bytes[0] !== reportId) {
    throw new FrameError(
      'BAD_HEADER',
      `${name}: report id 0x${hex(bytes.subarray(0, 1))}, expected 0x${reportId.toString(16).padStart(2, '0')}`,
    );
  }
  if (bytes.length < length)
    throw new FrameError('TRUNCATED', `${name}: ${bytes.length} bytes, expected ${length}`);
  if (bytes.length > length)
    throw new FrameError('TOO_LARGE', `${name}: ${bytes.length} bytes, expected ${length}`);
}

export function u8(bytes: Uint8Array, offset: number): number {
  const v = bytes[offset];
  if (v === undefined) throw new FrameError('TRUNCATED', `read past end at ${offset}`);
  return v;
}

export function u16be(bytes: Uint8Array, offset: number): number {
  return (u8(bytes, offset) << 8) | u8(bytes, offset + 1);
}

export function u16le(bytes: Uint8Array, offset: number): number {
  return u8(bytes, offset) | (u8(bytes, offset + 1) << 8);
}

export function u24be(bytes: Uint8Array, offset: number): number {
  return (u8(bytes, offset) << 16) | (u8(bytes, offset + 1) << 8) | u8(bytes, offset + 2);
}

export function u32be(bytes: Uint8Array, offset: number): number {
  return (
    ((u8(bytes, offset) << 24) >>> 0) +
    (u8(bytes, offset + 1) << 16) +
    (u8(bytes, offset + 2) << 8) +
    u8(bytes, offset + 3)
  );
}

function checkRange(value: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new RangeError(`${field}: ${value} out of 0..${max}`);
}

export function putU8(bytes: Uint8Array, offset: number, value: number, field = 'u8'): void {
  checkRange(value, 0xff, field);
  bytes[offset] = value;
}

export function putU16be(bytes: Uint8Array, offset: number, value: number, field = 'u16'): void {
  checkRange(value, 0xffff, field);
  bytes[offset] = value >> 8;
  bytes[offset + 1] = value & 0xff;
}

export function putU16le(bytes: Uint8Array, offset: number, value: number, field = 'u16'): void {
  checkRange(value, 0xffff, field);
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = value >> 8;
}

export function putU24be(bytes: Uint8Array, offset: number, value: number, field = 'u24'): void {
  checkRange(value, 0xffffff, field);
  bytes[offset] = value >> 16;
  bytes[offset + 1] = (value >> 8) & 0xff;
  bytes[offset + 2] = value & 0xff;
}

export function putU32be(bytes: Uint8Array, offset: number, value: number, field = 'u32'): void {
  checkRange(value, 0xffffffff, field);
  bytes[offset] = value >>> 24;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** Fixed-width ASCII field: stops at the first NUL; rejects non-printable bytes. */
export function asciiField(bytes: Uint8Array, offset: number, width: number, field: string): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    const c = u8(bytes, offset + i);
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e)
      throw new FrameError('UNEXPECTED', `${field}: non-printable byte 0x${c.toString(16)}`);
    out += String.fromCharCode(c);
  }
  return out;
}

export function putAscii(
  bytes: Uint8Array,
  offset: number,
  width: number,
  text: string,
  field: string,
): void {
  if (text.length > width || /[^\x20-\x7e]/.test(text))
    throw new RangeError(`${field}: "${text}" is not ≤${width} printable ASCII`);
  for (let i = 0; i < width; i++) bytes[offset + i] = i < text.length ? text.charCodeAt(i) : 0;
}

export function report(reportId: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes[0] = reportId;
  return bytes;
}

/**
 * BER-TLV codec (ISO/IEC 7816-4 §5.2, ITU-T X.690 for DER): tags of up to 3 bytes, definite lengths
 * in short form or long form (81..84). Hand-written (product core): the npm TLV packages are small
 * and unmaintained. Decoding never copies (values are subarrays), never trusts a length beyond the
 * bytes at hand, rejects indefinite lengths and bounds nesting depth, so malformed input ends in a
 * typed `FrameError`, never a crash, a hang or a huge allocation.
 */
import { FrameError } from '../../../core/errors';

export interface Tlv {
  /** Tag as an unsigned integer of its 1 to 3 bytes (e.g. 0x61, 0x5f1f, 0x7f61). */
  readonly tag: number;
  /** Bit 6 of the first tag byte. */
  readonly constructed: boolean;
  readonly value: Uint8Array;
  /** Offset of the tag in the parsed buffer. */
  readonly start: number;
  /** Offset just past the value. */
  readonly end: number;
  /** The whole object (tag, length, value) as a subarray of the input. */
  readonly raw: Uint8Array;
}

/** Deepest nesting `parseTree` accepts: eMRTD structures are at most ~8 deep. */
export const maxTlvDepth = 32;

export function tagByteLength(tag: number): number {
  return tag > 0xffff ? 3 : tag > 0xff ? 2 : 1;
}

function isConstructedTag(tag: number): boolean {
  const first = tag >> (8 * (tagByteLength(tag) - 1));
  return (first & 0x20) !== 0;
}

/** Reads one tag at `offset`; returns the tag and the offset after it. */
export function decodeTag(bytes: Uint8Array, offset: number): { tag: number; next: number } {
  const first = bytes[offset];
  if (first === undefined) throw new FrameError('TRUNCATED', `TLV: no tag at offset ${offset}`);
  if (first === 0x00 || first === 0xff)
    throw new FrameError('BAD_HEADER', `TLV: invalid tag byte ${first.toString(16)} at offset ${offset}`);
  if ((first & 0x1f) !== 0x1f) return { tag: first, next: offset + 1 };
  let tag = first;
  let next = offset + 1;
  for (let n = 0; n < 2; n++) {
    const b = bytes[next];
    if (b === undefined) throw new FrameError('TRUNCATED', `TLV: truncated tag at offset ${offset}`);
    tag = tag * 256 + b;
    next += 1;
    if ((b & 0x80) === 0) return { tag, next };
  }
  throw new FrameError('BAD_HEADER', `TLV: tag longer than 3 bytes at offset ${offset}`);
}

/** Reads one definite length at `offset`; returns it and the offset after it. */
export function decodeLength(bytes: Uint8Array, offset: number): { length: number; next: number } {
  const first = bytes[offset];
  if (first === undefined) throw new FrameError('TRUNCATED', `TLV: no length at offset ${offset}`);
  if (first < 0x80) return { length: first, next: offset + 1 };
  if (first === 0x80) throw new FrameError('BAD_LENGTH', 'TLV: indefinite length is not allowed');
  const count = first & 0x7f;
  if (count > 4) throw new FrameError('TOO_LARGE', `TLV: length of ${count} bytes`);
  if (offset + 1 + count > bytes.length) throw new FrameError('TRUNCATED', 'TLV: truncated length');
  let length = 0;
  for (let k = 0; k < count; k++) length = length * 256 + bytes[offset + 1 + k]!;
  return { length, next: offset + 1 + count };
}

/** Reads the TLV object at `offset` of `bytes` (which bounds it). */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  const { tag, next: afterTag } = decodeTag(bytes, offset);
  const { length, next: valueStart } = decodeLength(bytes, afterTag);
  if (length > bytes.length - valueStart)
    throw new FrameError(
      'TRUNCATED',
      `TLV ${tag.toString(16)}: length ${length} exceeds the ${bytes.length - valueStart} bytes left`,
    );
  const end = valueStart + length;
  return {
    tag,
    constructed: isConstructedTag(tag),
    value: bytes.subarray(valueStart, end),
    start: offset,
    end,
    raw: bytes.subarray(offset, end),
  };
}

/**
 * Reads only the header at `offset` and returns the total size of the object (header + value)
 * as announced, without requiring the value to be present: used to learn a file's size from its
 * first bytes.
 */
export function announcedTlvSize(
  bytes: Uint8Array,
  offset = 0,
): { tag: number; headerLength: number; total: number } {
  const { tag, next: afterTag } = decodeTag(bytes, offset);
  const { length, next } = decodeLength(bytes, afterTag);
  return { tag, headerLength: next - offset, total: next - offset + length };
}

/** Parses a concatenation of TLV objects filling `bytes` exactly. */
export function parseTlvList(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tlv = readTlv(bytes, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** Parses a single TLV object that must fill `bytes` (trailing bytes are an error unless allowed). */
export function parseSingleTlv(bytes: Uint8Array, options: { allowTrailing?: boolean } = {}): Tlv {
  const tlv = readTlv(bytes, 0);
  if (!options.allowTrailing && tlv.end !== bytes.length)
    throw new FrameError(
      'BAD_LENGTH',
      `TLV ${tlv.tag.toString(16)}: ${bytes.length - tlv.end} trailing bytes`,
    );
  return tlv;
}

/** The children of a constructed object. */
export function children(tlv: Tlv): Tlv[] {
  if (!tlv.constructed) throw new FrameError('UNEXPECTED', `TLV ${tlv.tag.toString(16)} is primitive`);
  return parseTlvList(tlv.value);
}

export interface TlvNode extends Tlv {
  readonly children?: TlvNode[];
}

/** Parses a full tree (constructed objects recursively), bounded by `maxTlvDepth`. */
export function parseTree(bytes: Uint8Array, depth = 0): TlvNode[] {
  if (depth > maxTlvDepth) throw new FrameError('TOO_LARGE', 'TLV: nesting too deep');
  return parseTlvList(bytes).map((t) =>
    t.constructed ? { ...t, children: parseTree(t.value, depth + 1) } : t,
  );
}

export function findTlv(list: readonly Tlv[], tag: number): Tlv | undefined {
  return list.find((t) => t.tag === tag);
}

export function requireTlv(list: readonly Tlv[], tag: number, context: string): Tlv {
  const found = findTlv(list, tag);
  if (!found) throw new FrameError('UNEXPECTED', `${context}: missing tag ${tag.toString(16)}`);
  return found;
}

/** Parses `bytes` as one object with the expected tag. */
export function expectTlv(bytes: Uint8Array, tag: number, context: string, allowTrailing = false): Tlv {
  const tlv = parseSingleTlv(bytes, { allowTrailing });
  if (tlv.tag !== tag)
    throw new FrameError(
      'BAD_HEADER',
      `${context}: tag ${tlv.tag.toString(16)} instead of ${tag.toString(16)}`,
    );
  return tlv;
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff)
    throw new RangeError(`TLV length out of range: ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  if (length < 0x10000) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  if (length < 0x1000000) return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
  return Uint8Array.of(0x84, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
}

export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 0xffffff) throw new RangeError(`bad tag ${tag}`);
  const n = tagByteLength(tag);
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = (tag >> (8 * (n - 1 - k))) & 0xff;
  return out;
}

/** Encodes one TLV object; `value` may be a list of already-encoded children. */
export function encodeTlv(tag: number, value: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = value instanceof Uint8Array ? value : concatBytes(...value);
  const t = encodeTag(tag);
  const l = encodeLength(body.length);
  const out = new Uint8Array(t.length + l.length + body.length);
  out.set(t, 0);
  out.set(l, t.length);
  out.set(body, t.length + l.length);
  return out;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

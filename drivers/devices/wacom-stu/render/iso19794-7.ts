/**
 * ISO/IEC 19794-7:2007 "full format" signature/sign time-series record: encode from pen points and
 * parse back, strictly (every malformed, truncated or oversized record is a FrameError).
 * Layout as summarised in shared/research/devices.md §1.3 (from public codecs, not yet checked
 * against the standard text or a vendor file — do that before claiming conformance):
 *   "SDI\0", " 10\0", channel inclusion u16 BE (bit 15 X … bit 0 rotation), per included channel a
 *   description (preamble flags + flagged u16 values), 1 reserved byte; then extended-data flag
 *   (1 byte), sample count u24 BE, samples (u16 BE per non-constant channel, value − channel
 *   minimum), and extended data (u16 length + bytes) when flagged.
 * We write channels X, Y (tablet units, scaling = units per mm), T (ms, scaling 1000), F
 * (pressure, max stated) and S (tip switch).
 */
import type { PenPoint } from '../../../core/capabilities';
import { FrameError } from '../../../core/errors';
import { putU16be, putU24be, u8, u16be, u24be } from '../protocol/bytes';

export const channelOrder = [
  'X',
  'Y',
  'Z',
  'VX',
  'VY',
  'AX',
  'AY',
  'T',
  'DT',
  'F',
  'S',
  'TX',
  'TY',
  'A',
  'E',
  'R',
] as const;
export type ChannelName = (typeof channelOrder)[number];

/** Channels whose stored value is offset by −32768 (signed quantities). */
const signedChannels: ReadonlySet<ChannelName> = new Set(['X', 'Y', 'Z', 'VX', 'VY', 'AX', 'AY', 'TX', 'TY']);

const Preamble = {
  scaling: 0x80,
  min: 0x40,
  max: 0x20,
  mean: 0x10,
  stdDev: 0x08,
  constant: 0x04,
  linearRemoved: 0x02,
} as const;

export interface ChannelDescription {
  channel: ChannelName;
  /** Units per physical unit (X/Y: per mm, T: per s). */
  scaling?: number;
  min?: number;
  max?: number;
  mean?: number;
  stdDev?: number;
  constant?: boolean;
  linearComponentRemoved?: boolean;
}

export interface Iso19794_7Record {
  channels: ChannelDescription[];
  /** Per sample, the values of the non-constant channels in channel order (offsets removed). */
  samples: number[][];
  extendedData?: Uint8Array;
}

/** Maximum samples accepted by the parser (an hour at 200 Hz is 720 000). */
export const maxSamples = 1_000_000;

// --- scaling value: (1 + F/2048) · 2^E, E = top 5 bits − 16, F = low 11 bits ----------------------

export function encodeScaling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`scaling ${value} must be > 0`);
  let e = Math.floor(Math.log2(value));
  let f = Math.round((value / 2 ** e - 1) * 2048);
  if (f === 2048) {
    e += 1;
    f = 0;
  }
  if (e < -16 || e > 15) throw new RangeError(`scaling ${value} out of range`);
  return ((e + 16) << 11) | f;
}

export function decodeScaling(raw: number): number {
  return (1 + (raw & 0x7ff) / 2048) * 2 ** ((raw >> 11) - 16);
}

// --- encode -----------------------------------------------------------------------------------

export interface EncodeOptions {
  /** Tablet units per inch (SignatureCapabilities.resolutionPpi). */
  resolutionPpi?: number;
  maxPressure: number;
}

/** Record of pen points (tablet units, ms). Times are stored relative to the first point. */
export function encodeIso19794_7(points: readonly PenPoint[], options: EncodeOptions): Uint8Array {
  const first = points[0];
  const t0 = first?.t ?? 0;
  const channels: ChannelDescription[] = [
    { channel: 'X', ...(options.resolutionPpi ? { scaling: options.resolutionPpi / 25.4 } : {}) },
    { channel: 'Y', ...(options.resolutionPpi ? { scaling: options.resolutionPpi / 25.4 } : {}) },
    { channel: 'T', scaling: 1000 },
    { channel: 'F', min: 0, max: options.maxPressure },
    { channel: 'S' },
  ];
  const samples = points.map((p) => {
    const t = p.t - t0;
    if (!Number.isInteger(t) || t < 0 || t > 0xffff)
      throw new RangeError(`time ${t} ms does not fit the T channel (0..65535)`);
    return [p.x, p.y, t, p.pressure, p.inContact ? 1 : 0];
  });
  return encodeRecord({ channels, samples });
}

export function encodeRecord(record: Iso19794_7Record): Uint8Array {
  const sorted = [...record.channels].sort(
    (a, b) => channelOrder.indexOf(a.channel) - channelOrder.indexOf(b.channel),
  );
  if (new Set(sorted.map((c) => c.channel)).size !== sorted.length) throw new RangeError('duplicate channel');
  if (sorted.some((c, i) => c !== record.channels[i]))
    throw new RangeError('channels must be in standard order');
  const stored = sorted.filter((c) => !c.constant);
  if (record.samples.length > maxSamples) throw new RangeError('too many samples');
  const out: number[] = [...Buffer.from('SDI\0 10\0', 'latin1')];
  const push16 = (v: number) => {
    const b = new Uint8Array(2);
    putU16be(b, 0, v);
    out.push(b[0] ?? 0, b[1] ?? 0);
  };
  let inclusion = 0;
  for (const c of sorted) inclusion |= 0x8000 >> channelOrder.indexOf(c.channel);
  push16(inclusion);
  for (const c of sorted) {
    let preamble = 0;
    if (c.scaling !== undefined) preamble |= Preamble.scaling;
    if (c.min !== undefined) preamble |= Preamble.min;
    if (c.max !== undefined) preamble |= Preamble.max;
    if (c.mean !== undefined) preamble |= Preamble.mean;
    if (c.stdDev !== undefined) preamble |= Preamble.stdDev;
    if (c.constant) preamble |= Preamble.constant;
    if (c.linearComponentRemoved) preamble |= Preamble.linearRemoved;
    out.push(preamble);
    if (c.scaling !== undefined) push16(encodeScaling(c.scaling));
    for (const v of [c.min, c.max, c.mean, c.stdDev]) if (v !== undefined) push16(v);
  }
  out.push(0); // reserved
  const ext = record.extendedData;
  out.push(ext && ext.length > 0 ? 1 : 0);
  const count = new Uint8Array(3);
  putU24be(count, 0, record.samples.length);
  out.push(...count);
  const body = new Uint8Array(record.samples.length * stored.length * 2);
  record.samples.forEach((sample, i) => {
    if (sample.length !== stored.length)
      throw new RangeError(`sample ${i} has ${sample.length} values, expected ${stored.length}`);
    stored.forEach((c, j) => {
      const v = (sample[j] ?? 0) + (signedChannels.has(c.channel) ? 0x8000 : 0);
      putU16be(body, (i * stored.length + j) * 2, v, `sample ${i} ${c.channel}`);
    });
  });
  const tail: number[] = [];
  if (ext && ext.length > 0) {
    const len = new Uint8Array(2);
    putU16be(len, 0, ext.length, 'extended data length');
    tail.push(...len, ...ext);
  }
  const result = new Uint8Array(out.length + body.length + tail.length);
  result.set(out, 0);
  result.set(body, out.length);
  result.set(tail, out.length + body.length);
  return result;
}

// --- parse ------------------------------------------------------------------------------------

export function parseIso19794_7(bytes: Uint8Array): Iso19794_7Record {
  if (bytes.length < 8) throw new FrameError('TRUNCATED', 'ISO 19794-7: shorter than its header');
  if (Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== 'SDI\0')
    throw new FrameError('BAD_HEADER', 'ISO 19794-7: not "SDI"');
  if (Buffer.from(bytes.subarray(4, 8)).toString('latin1') !== ' 10\0') {
    throw new FrameError('BAD_HEADER', 'ISO 19794-7: unsupported version (only 2007 " 10")');
  }
  let at = 8;
  const read16 = () => {
    const v = u16be(bytes, at);
    at += 2;
    return v;
  };
  const inclusion = read16();
  if (inclusion === 0) throw new FrameError('UNEXPECTED', 'ISO 19794-7: no channel');
  const channels: ChannelDescription[] = [];
  for (const [i, name] of channelOrder.entries()) {
    if ((inclusion & (0x8000 >> i)) === 0) continue;
    const preamble = u8(bytes, at++);
    if (preamble & 0x01) throw new FrameError('UNEXPECTED', `ISO 19794-7: ${name} preamble reserved bit set`);
    const c: ChannelDescription = { channel: name };
    if (preamble & Preamble.scaling) c.scaling = decodeScaling(read16());
    if (preamble & Preamble.min) c.min = read16();
    if (preamble & Preamble.max) c.max = read16();
    if (preamble & Preamble.mean) c.mean = read16();
    if (preamble & Preamble.stdDev) c.stdDev = read16();
    if (preamble & Preamble.constant) c.constant = true;
    if (preamble & Preamble.linearRemoved) c.linearComponentRemoved = true;
    channels.push(c);
  }
  if (u8(bytes, at++) !== 0) throw new FrameError('UNEXPECTED', 'ISO 19794-7: reserved byte set');
  const extFlag = u8(bytes, at++);
  if (extFlag > 1) throw new FrameError('UNEXPECTED', `ISO 19794-7: extended-data flag ${extFlag}`);
  const count = u24be(bytes, at);
  at += 3;
  if (count > maxSamples) throw new FrameError('TOO_LARGE', `ISO 19794-7: ${count} samples`);
  const stored = channels.filter((c) => !c.constant);
  const bodyLength = count * stored.length * 2;
  if (at + bodyLength > bytes.length)
    throw new FrameError('TRUNCATED', `ISO 19794-7: ${count} samples need ${bodyLength} bytes`);
  const samples: number[][] = [];
  for (let i = 0; i < count; i++) {
    const sample: number[] = [];
    for (const c of stored) sample.push(read16() - (signedChannels.has(c.channel) ? 0x8000 : 0));
    samples.push(sample);
  }
  let extendedData: Uint8Array | undefined;
  if (extFlag === 1) {
    const length = read16();
    if (length === 0) throw new FrameError('BAD_LENGTH', 'ISO 19794-7: empty extended data');
    if (at + length > bytes.length) throw new FrameError('TRUNCATED', 'ISO 19794-7: extended data truncated');
    extendedData = bytes.slice(at, at + length);
    at += length;
  }
  if (at !== bytes.length)
    throw new FrameError('TOO_LARGE', `ISO 19794-7: ${bytes.length - at} trailing bytes`);
  return { channels, samples, ...(extendedData ? { extendedData } : {}) };
}

/** Pen points back from a record written by encodeIso19794_7 (needs X, Y, T, F, S). */
export function isoRecordToPoints(record: Iso19794_7Record): PenPoint[] {
  const stored = record.channels.filter((c) => !c.constant).map((c) => c.channel);
  const idx = (name: ChannelName) => {
    const i = stored.indexOf(name);
    if (i < 0) throw new FrameError('UNEXPECTED', `ISO 19794-7: channel ${name} missing`);
    return i;
  };
  const [x, y, t, f, s] = [idx('X'), idx('Y'), idx('T'), idx('F'), idx('S')];
  return record.samples.map((v) => ({
    x: v[x] ?? 0,
    y: v[y] ?? 0,
    t: v[t] ?? 0,
    pressure: v[f] ?? 0,
    inContact: (v[s] ?? 0) !== 0,
  }));
}

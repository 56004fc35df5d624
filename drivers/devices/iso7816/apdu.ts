/**
 * ISO/IEC 7816-4 APDUs: command encoding in short and extended length (cases 1 to 4) and response
 * parsing (data + SW1SW2). Pure functions over bytes; hand-written because it is the card protocol
 * the chip reading is built on (the few npm APDU helpers do not do extended length both ways).
 */
import { FrameError } from '../../core/errors';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length (Ne): 0 = none; 256 (short) or 65536 (extended) = "all available". */
  ne?: number;
  /** Force extended length even when short would do. */
  extended?: boolean;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff)
    throw new RangeError(`${name} must be a byte, got ${value}`);
}

export function encodeCommandApdu(command: CommandApdu): Uint8Array {
  const { cla, ins, p1, p2 } = command;
  for (const [name, v] of [
    ['CLA', cla],
    ['INS', ins],
    ['P1', p1],
    ['P2', p2],
  ] as const)
    checkByte(name, v);
  const data = command.data ?? new Uint8Array(0);
  const ne = command.ne ?? 0;
  if (data.length > 65535) throw new RangeError(`command data too long: ${data.length}`);
  if (!Number.isInteger(ne) || ne < 0 || ne > 65536) throw new RangeError(`Ne out of range: ${ne}`);
  const extended = command.extended || data.length > 255 || ne > 256;
  const header = [cla, ins, p1, p2];
  const out: number[] = [...header];
  if (!extended) {
    if (data.length > 0) out.push(data.length, ...data);
    if (ne > 0) out.push(ne === 256 ? 0 : ne);
    return Uint8Array.from(out);
  }
  if (data.length > 0) {
    out.push(0, data.length >> 8, data.length & 0xff, ...data);
    if (ne > 0) out.push((ne === 65536 ? 0 : ne) >> 8, (ne === 65536 ? 0 : ne) & 0xff);
  } else if (ne > 0) {
    const le = ne === 65536 ? 0 : ne;
    out.push(0, le >> 8, le & 0xff);
  }
  return Uint8Array.from(out);
}

export function parseResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2)
    throw new FrameError('TRUNCATED', `response APDU of ${bytes.length} bytes has no status word`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponseApdu(response: ResponseApdu): Uint8Array {
  const out = new Uint8Array(response.data.length + 2);
  out.set(response.data, 0);
  out[out.length - 2] = response.sw >> 8;
  out[out.length - 1] = response.sw & 0xff;
  return out;
}

/** Parses a command APDU (simulated cards, traces). Rejects inconsistent lengths with FrameError. */
export function parseCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new FrameError('TRUNCATED', 'command APDU shorter than its header');
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  if (body.length === 1) return { cla, ins, p1, p2, ne: body[0] === 0 ? 256 : body[0] };
  if (body[0] !== 0) {
    const lc = body[0]!;
    if (body.length === 1 + lc) return { cla, ins, p1, p2, data: body.slice(1) };
    if (body.length === 2 + lc)
      return { cla, ins, p1, p2, data: body.slice(1, 1 + lc), ne: body[1 + lc] === 0 ? 256 : body[1 + lc] };
    throw new FrameError('BAD_LENGTH', `short Lc ${lc} does not match ${body.length - 1} body bytes`);
  }
  // extended
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { cla, ins, p1, p2, ne: le === 0 ? 65536 : le, extended: true };
  }
  if (body.length < 3) throw new FrameError('BAD_LENGTH', 'truncated extended length');
  const lc = (body[1]! << 8) | body[2]!;
  if (lc === 0) throw new FrameError('BAD_LENGTH', 'extended Lc of zero');
  const rest = body.length - 3 - lc;
  if (rest !== 0 && rest !== 2)
    throw new FrameError('BAD_LENGTH', `extended Lc ${lc} does not match the body`);
  const data = body.slice(3, 3 + lc);
  if (rest === 0) return { cla, ins, p1, p2, data, extended: true };
  const le = (body[3 + lc]! << 8) | body[4 + lc]!;
  return { cla, ins, p1, p2, data, ne: le === 0 ? 65536 : le, extended: true };
}

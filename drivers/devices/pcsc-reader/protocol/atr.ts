/**
 * Answer-To-Reset parsing (ISO/IEC 7816-3 §8): convention, interface bytes, protocols, historical
 * bytes and the TCK check. Pure; rejects malformed ATRs with a typed FrameError (fuzzed).
 */
import { FrameError } from '../../../core/errors';

export interface InterfaceBytes {
  ta?: number;
  tb?: number;
  tc?: number;
  td?: number;
}

export interface Atr {
  convention: 'direct' | 'inverse';
  /** Interface byte groups i = 1, 2, ... */
  interfaceBytes: InterfaceBytes[];
  /** Protocols offered (T=0 when none is indicated). */
  protocols: number[];
  historicalBytes: Uint8Array;
  /** Present when a protocol other than T=0 is offered. */
  tck?: { value: number; valid: boolean };
}

export const maxAtrLength = 33;

export function parseAtr(bytes: Uint8Array): Atr {
  if (bytes.length < 2) throw new FrameError('TRUNCATED', 'ATR shorter than TS and T0');
  if (bytes.length > maxAtrLength)
    throw new FrameError('TOO_LARGE', `ATR of ${bytes.length} bytes (max ${maxAtrLength})`);
  const ts = bytes[0]!;
  if (ts !== 0x3b && ts !== 0x3f)
    throw new FrameError('BAD_HEADER', `TS 0x${ts.toString(16)} is neither 3B nor 3F`);
  const t0 = bytes[1]!;
  const historicalCount = t0 & 0x0f;
  let y = t0 >> 4;
  let i = 2;
  const groups: InterfaceBytes[] = [];
  const protocols = new Set<number>();
  const take = (): number => {
    if (i >= bytes.length) throw new FrameError('TRUNCATED', 'ATR ends inside its interface bytes');
    return bytes[i++]!;
  };
  for (;;) {
    const group: InterfaceBytes = {};
    if (y & 0x1) group.ta = take();
    if (y & 0x2) group.tb = take();
    if (y & 0x4) group.tc = take();
    if (y & 0x8) group.td = take();
    groups.push(group);
    if (group.td === undefined) break;
    protocols.add(group.td & 0x0f);
    y = group.td >> 4;
    if (groups.length > 15) throw new FrameError('UNEXPECTED', 'too many interface byte groups');
  }
  if (i + historicalCount > bytes.length)
    throw new FrameError('TRUNCATED', 'ATR ends inside its historical bytes');
  const historicalBytes = bytes.slice(i, i + historicalCount);
  i += historicalCount;
  const needsTck = [...protocols].some((p) => p !== 0);
  let tck: Atr['tck'];
  if (needsTck) {
    if (i >= bytes.length) throw new FrameError('TRUNCATED', 'ATR lacks its TCK');
    let x = 0;
    for (let k = 1; k <= i; k++) x ^= bytes[k]!;
    tck = { value: bytes[i]!, valid: x === 0 };
    i += 1;
  }
  if (i !== bytes.length)
    throw new FrameError('BAD_LENGTH', `${bytes.length - i} unexpected bytes after the ATR`);
  return {
    convention: ts === 0x3b ? 'direct' : 'inverse',
    interfaceBytes: groups,
    protocols: protocols.size > 0 ? [...protocols] : [0],
    historicalBytes,
    tck,
  };
}

/**
 * EF.CVCA (BSI TR-03110-3 §A.1.2.3 / ICAO 9303-11 §7.2.1): one or two Certification Authority
 * References (tag 42) naming the chip's CVCA trust points, zero-padded to 36 bytes.
 */
import { FrameError } from '../../../core/errors';
import { readTlv } from '../tlv/tlv';

export function parseCvcaFile(bytes: Uint8Array): string[] {
  const out: string[] = [];
  let offset = 0;
  while (offset < bytes.length && bytes[offset] !== 0x00) {
    const tlv = readTlv(bytes, offset);
    if (tlv.tag !== 0x42) throw new FrameError('BAD_HEADER', 'EF.CVCA: tag 42 expected');
    if (tlv.value.length === 0 || tlv.value.length > 16)
      throw new FrameError('BAD_LENGTH', 'EF.CVCA: bad CAR length');
    out.push(String.fromCharCode(...tlv.value));
    offset = tlv.end;
    if (out.length > 2) throw new FrameError('UNEXPECTED', 'EF.CVCA: more than two references');
  }
  for (let k = offset; k < bytes.length; k++)
    if (bytes[k] !== 0) throw new FrameError('UNEXPECTED', 'EF.CVCA: non-zero padding');
  return out;
}

export function encodeCvcaFile(references: readonly string[]): Uint8Array {
  const out = new Uint8Array(36);
  let o = 0;
  for (const ref of references) {
    const bytes = Uint8Array.from(ref, (c) => c.charCodeAt(0));
    out[o++] = 0x42;
    out[o++] = bytes.length;
    out.set(bytes, o);
    o += bytes.length;
  }
  return out;
}

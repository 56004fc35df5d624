/**
 * DG1 (ICAO 9303-10 §4.7.1): tag 61 around the MRZ (5F1F), parsed by lds/mrz.ts.
 */
import { FrameError } from '../../../core/errors';
import { children, encodeTlv, expectTlv, findTlv } from '../tlv/tlv';
import { type Mrz, parseMrz } from './mrz';

export function parseDg1(bytes: Uint8Array): Mrz {
  const outer = expectTlv(bytes, 0x61, 'DG1');
  const mrz = findTlv(children(outer), 0x5f1f);
  if (!mrz) throw new FrameError('UNEXPECTED', 'DG1: no MRZ (5F1F)');
  if (mrz.value.length > 100) throw new FrameError('TOO_LARGE', 'DG1: MRZ too long');
  return parseMrz(String.fromCharCode(...mrz.value));
}

export function encodeDg1(mrz: string): Uint8Array {
  return encodeTlv(
    0x61,
    encodeTlv(
      0x5f1f,
      Uint8Array.from(mrz, (c) => c.charCodeAt(0)),
    ),
  );
}

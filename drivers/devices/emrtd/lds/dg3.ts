/**
 * DG3 (ICAO 9303-10 §4.7.3): CBEFF around ISO/IEC 19794-4:2005 finger image records ("FIR\0"
 * "010\0"): general header (resolution, pixel depth, compression) and per-finger headers
 * (position, quality, impression, size). WSQ images decode with the project's codec
 * (models/fingerprint/wsq, pure; the lead allowed this drivers→models import); JPEG 2000, JPEG and
 * PNG fingers decode asynchronously in biometric-images.ts (decodeFingerImageAsync). ISO/IEC
 * 39794-4 records are reported as unsupported.
 */

import { type FingerPosition, fingerPositions } from '../../../../common/domain';
import { decodeWsq } from '../../../../models/fingerprint/wsq';
import { FrameError } from '../../../core/errors';
import { parseBiometricGroup } from './cbeff';
import { type ImageFormat, sniffImage } from './image-format';

/** A DG3 record's finger position: code 0 is "unknown", codes 1-10 are the ten positions. */
export type Dg3FingerPosition = 'unknown' | FingerPosition;

/** DG3 position by ISO/IEC 19794-4 code (index = code). */
const dg3FingerPositions: readonly Dg3FingerPosition[] = ['unknown', ...fingerPositions];

/** 19794-4:2005 Table 3 compression codes. */
const compressionFormats: Record<number, ImageFormat> = {
  0: 'raw',
  1: 'raw',
  2: 'wsq',
  3: 'jpeg',
  4: 'jpeg2000',
  5: 'png',
};

export interface FingerImage {
  position: Dg3FingerPosition;
  /** ISO 19794-4 finger position code (2 = right index, 7 = left index...). */
  positionCode: number;
  format: ImageFormat;
  width: number;
  height: number;
  /** Horizontal image resolution in pixels per inch. */
  ppi: number;
  quality: number;
  impressionType: number;
  viewNumber: number;
  pixelDepth: number;
  bytes: Uint8Array;
}

export interface Dg3 {
  fingers: FingerImage[];
}

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number) => u16(b, o) * 65536 + u16(b, o + 2);

export function parseFingerRecord(record: Uint8Array): FingerImage[] {
  if (record.length < 32)
    throw new FrameError('TRUNCATED', '19794-4: record shorter than its general header');
  const magic = String.fromCharCode(...record.subarray(0, 4));
  if (magic !== 'FIR\0')
    throw new FrameError('BAD_HEADER', `19794-4: bad format identifier ${JSON.stringify(magic)}`);
  const length = u16(record, 8) * 2 ** 32 + u32(record, 10);
  if (length > record.length || length < 32)
    throw new FrameError('BAD_LENGTH', `19794-4: record length ${length} of ${record.length}`);
  const count = record[18]!;
  const scaleUnits = record[19]!;
  const resolution = u16(record, 24);
  const ppi = scaleUnits === 2 ? Math.round(resolution * 2.54) : resolution;
  const pixelDepth = record[28]!;
  const compression = record[29]!;
  const format = compressionFormats[compression] ?? 'unknown';
  const fingers: FingerImage[] = [];
  let o = 32;
  for (let k = 0; k < count; k++) {
    if (o + 14 > length) throw new FrameError('TRUNCATED', '19794-4: truncated finger header');
    const viewLength = u32(record, o);
    if (viewLength < 14 || o + viewLength > length)
      throw new FrameError('BAD_LENGTH', `19794-4: finger record length ${viewLength}`);
    const code = record[o + 4]!;
    fingers.push({
      position: dg3FingerPositions[code] ?? 'unknown',
      positionCode: code,
      format,
      width: u16(record, o + 9),
      height: u16(record, o + 11),
      ppi,
      quality: record[o + 7]!,
      impressionType: record[o + 8]!,
      viewNumber: record[o + 6]!,
      pixelDepth,
      bytes: record.subarray(o + 14, o + viewLength),
    });
    o += viewLength;
  }
  return fingers;
}

export function parseDg3(bytes: Uint8Array): Dg3 {
  const templates = parseBiometricGroup(bytes, 0x63, 'DG3');
  const fingers: FingerImage[] = [];
  for (const t of templates) {
    if (t.enciphered) throw new FrameError('UNEXPECTED', 'DG3: enciphered biometric data block');
    if (t.header.formatType !== undefined && t.header.formatType !== 0x0007)
      throw new FrameError(
        'UNEXPECTED',
        `DG3: format type ${t.header.formatType.toString(16)} (only ISO 19794-4:2005)`,
      );
    fingers.push(...parseFingerRecord(t.data));
  }
  return { fingers };
}

/** Checks a finger image against its header: the image stream's own size must agree. */
export function fingerImageConsistent(finger: FingerImage): boolean {
  const sniffed = sniffImage(finger.bytes);
  if (sniffed.width === undefined)
    return finger.format === 'raw' ? finger.bytes.length >= finger.width * finger.height : false;
  return sniffed.width === finger.width && sniffed.height === finger.height;
}

/** Decodes a WSQ or raw finger to 8-bit greyscale pixels (decodeFingerImageAsync: every format). */
export function decodeFingerImage(finger: FingerImage): {
  width: number;
  height: number;
  pixels: Uint8Array;
} {
  if (finger.format === 'wsq') {
    const decoded = decodeWsq(finger.bytes, { maxPixels: 4_000_000 });
    return { width: decoded.width, height: decoded.height, pixels: decoded.pixels };
  }
  if (
    finger.format === 'raw' &&
    finger.pixelDepth === 8 &&
    finger.bytes.length >= finger.width * finger.height
  )
    return {
      width: finger.width,
      height: finger.height,
      pixels: finger.bytes.subarray(0, finger.width * finger.height),
    };
  throw new FrameError(
    'UNEXPECTED',
    `no synchronous decoder for ${finger.format} finger images (see decodeFingerImageAsync)`,
  );
}

/** Builds a 19794-4 record (simulator personalisation): WSQ images at `ppi`. */
export function encodeFingerRecord(
  fingers: readonly {
    positionCode: number;
    width: number;
    height: number;
    quality: number;
    bytes: Uint8Array;
  }[],
  ppi = 500,
): Uint8Array {
  const total = 32 + fingers.reduce((n, f) => n + 14 + f.bytes.length, 0);
  const out = new Uint8Array(total);
  const put16 = (o: number, v: number) => out.set([v >> 8, v & 0xff], o);
  const put32 = (o: number, v: number) => out.set([v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff], o);
  out.set([0x46, 0x49, 0x52, 0, 0x30, 0x31, 0x30, 0], 0);
  put32(10, total);
  put16(16, 31);
  out[18] = fingers.length;
  out[19] = 1;
  for (const o of [20, 22, 24, 26]) put16(o, ppi);
  out[28] = 8;
  out[29] = 2;
  let o = 32;
  for (const f of fingers) {
    put32(o, 14 + f.bytes.length);
    out[o + 4] = f.positionCode;
    out[o + 5] = 1;
    out[o + 6] = 1;
    out[o + 7] = f.quality;
    out[o + 8] = 0;
    put16(o + 9, f.width);
    put16(o + 11, f.height);
    out.set(f.bytes, o + 14);
    o += 14 + f.bytes.length;
  }
  return out;
}

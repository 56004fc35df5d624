/**
 * DG2 (ICAO 9303-10 §4.7.2): CBEFF around ISO/IEC 19794-5:2005 facial records ("FAC\0" "010\0").
 * Exposes each image's bytes, format (JPEG or JPEG 2000) and dimensions from the headers; no
 * decoding here (biometric-images.ts decodeFaceImage decodes both formats, asynchronously).
 * ISO/IEC 39794-5 records are reported as unsupported.
 */
import { FrameError } from '../../../core/errors';
import { parseBiometricGroup } from './cbeff';
import { type ImageFormat, sniffImage } from './image-format';

export interface FaceImage {
  format: ImageFormat;
  width: number;
  height: number;
  /** 19794-5 face image type: 0 basic, 1 full frontal, 2 token frontal. */
  faceImageType: number;
  /** 19794-5 image colour space and source type, as coded. */
  colorSpace: number;
  sourceType: number;
  gender: number;
  bytes: Uint8Array;
}

export interface Dg2 {
  images: FaceImage[];
}

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number) => u16(b, o) * 65536 + u16(b, o + 2);

export function parseFaceRecord(record: Uint8Array): FaceImage[] {
  if (record.length < 14) throw new FrameError('TRUNCATED', '19794-5: record shorter than its header');
  const magic = String.fromCharCode(...record.subarray(0, 4));
  if (magic !== 'FAC\0')
    throw new FrameError('BAD_HEADER', `19794-5: bad format identifier ${JSON.stringify(magic)}`);
  const length = u32(record, 8);
  if (length > record.length || length < 14)
    throw new FrameError('BAD_LENGTH', `19794-5: record length ${length} of ${record.length}`);
  const count = u16(record, 12);
  const images: FaceImage[] = [];
  let o = 14;
  for (let k = 0; k < count; k++) {
    if (o + 20 > length) throw new FrameError('TRUNCATED', '19794-5: truncated facial information');
    const blockLength = u32(record, o);
    const featurePoints = u16(record, o + 4);
    const gender = record[o + 6]!;
    const infoStart = o + 20 + 8 * featurePoints;
    const dataStart = infoStart + 12;
    if (blockLength < 32 + 8 * featurePoints || o + blockLength > length)
      throw new FrameError('BAD_LENGTH', `19794-5: facial block length ${blockLength}`);
    const imageDataType = record[infoStart + 1]!;
    const width = u16(record, infoStart + 2);
    const height = u16(record, infoStart + 4);
    const bytes = record.subarray(dataStart, o + blockLength);
    const sniffed = sniffImage(bytes);
    const format: ImageFormat =
      sniffed.format !== 'unknown'
        ? sniffed.format
        : imageDataType === 0
          ? 'jpeg'
          : imageDataType === 1
            ? 'jpeg2000'
            : 'unknown';
    images.push({
      format,
      width: width || sniffed.width || 0,
      height: height || sniffed.height || 0,
      faceImageType: record[infoStart]!,
      colorSpace: record[infoStart + 6]!,
      sourceType: record[infoStart + 7]!,
      gender,
      bytes,
    });
    o += blockLength;
  }
  return images;
}

export function parseDg2(bytes: Uint8Array): Dg2 {
  const templates = parseBiometricGroup(bytes, 0x75, 'DG2');
  const images: FaceImage[] = [];
  for (const t of templates) {
    if (t.enciphered) throw new FrameError('UNEXPECTED', 'DG2: enciphered biometric data block');
    if (t.header.formatOwner !== undefined && t.header.formatOwner !== 0x0101)
      throw new FrameError(
        'UNEXPECTED',
        `DG2: format owner ${t.header.formatOwner.toString(16)} not supported`,
      );
    images.push(...parseFaceRecord(t.data));
  }
  return { images };
}

/** Builds a 19794-5 record with one full-frontal image (simulator personalisation). */
export function encodeFaceRecord(image: {
  bytes: Uint8Array;
  width: number;
  height: number;
  format: 'jpeg' | 'jpeg2000';
}): Uint8Array {
  const blockLength = 20 + 12 + image.bytes.length;
  const total = 14 + blockLength;
  const out = new Uint8Array(total);
  out.set([0x46, 0x41, 0x43, 0, 0x30, 0x31, 0x30, 0], 0);
  const put32 = (o: number, v: number) => out.set([v >>> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff], o);
  const put16 = (o: number, v: number) => out.set([v >> 8, v & 0xff], o);
  put32(8, total);
  put16(12, 1);
  put32(14, blockLength);
  // feature points 0, gender 0, eyes 0, hair 0, mask 0, expression 0, pose 0, uncertainty 0
  const info = 14 + 20;
  out[info] = 1; // full frontal
  out[info + 1] = image.format === 'jpeg' ? 0 : 1;
  put16(info + 2, image.width);
  put16(info + 4, image.height);
  out[info + 6] = 1; // 24-bit RGB
  out[info + 7] = 2; // digital camera
  out.set(image.bytes, info + 12);
  return out;
}

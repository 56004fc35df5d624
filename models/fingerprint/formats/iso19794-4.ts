/**
 * ISO/IEC 19794-4 finger image record codec — product core protocol (parse side; the encoder exists
 * for simulators and round-trip tests). Reads the 2005 ("010") and 2011 ("020", the MOSIP profile)
 * layouts: general header, then each finger representation header with its image data. Payloads
 * are not decoded here: the parser exposes the bytes and the compression type (raw, bit-packed raw,
 * WSQ, JPEG, JPEG 2000 lossy/lossless, PNG). Malformed input always ends in a typed FingerRecordError.
 */
import { FingerRecordError } from './record-error';

export type FingerImageCompression =
  | 'raw'
  | 'raw-bit-packed'
  | 'wsq'
  | 'jpeg'
  | 'jpeg2000'
  | 'jpeg2000-lossy'
  | 'jpeg2000-lossless'
  | 'png'
  | 'unknown';

const compression2005: readonly FingerImageCompression[] = [
  'raw',
  'raw-bit-packed',
  'wsq',
  'jpeg',
  'jpeg2000',
  'png',
];
const compression2011: readonly FingerImageCompression[] = [
  'raw',
  'raw-bit-packed',
  'wsq',
  'jpeg',
  'jpeg2000-lossy',
  'jpeg2000-lossless',
  'png',
];

export type Iso19794Version = '010' | '020';

export interface FingerQualityBlock {
  score: number;
  vendorId: number;
  algorithmId: number;
}

export interface FingerImageRepresentation {
  /** ISO finger position code: 0 unknown, 1..5 right thumb..little, 6..10 left thumb..little. */
  position: number;
  representationNumber: number;
  /** Quality 0..100 (2011: first quality block; 2005: image quality byte), when given. */
  quality: number | undefined;
  qualityBlocks: FingerQualityBlock[];
  captureDateTime?: string;
  impressionType: number;
  /** 1 = pixels per inch, 2 = pixels per centimetre. */
  scaleUnits: number;
  captureResolution: { horizontal: number; vertical: number };
  imageResolution: { horizontal: number; vertical: number };
  /** Image resolution in pixels per inch (converted when scale units are per centimetre). */
  ppi: number;
  bitDepth: number;
  compressionCode: number;
  compression: FingerImageCompression;
  width: number;
  height: number;
  data: Uint8Array;
}

export interface FingerImageRecord {
  version: Iso19794Version;
  recordLength: number;
  representations: FingerImageRepresentation[];
}

/** 2011 representation header without quality or certification blocks (Table 4 of the standard). */
const REPRESENTATION_HEADER_2011 = 37;

/** Upper bound on record sizes the parser accepts (a 4-4-2 set of raw 500 ppi slaps fits easily). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

class Reader {
  offset = 0;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.offset + n > this.end) {
      throw new FingerRecordError(
        'TRUNCATED',
        `ISO 19794-4: ${what} needs ${n} bytes at offset ${this.offset}`,
      );
    }
  }
  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.offset++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.offset);
    this.offset += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset);
    this.offset += 4;
    return v;
  }
  u48(what: string): number {
    this.need(6, what);
    const v = this.view.getUint16(this.offset) * 2 ** 32 + this.view.getUint32(this.offset + 2);
    this.offset += 6;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

function ppiOf(scaleUnits: number, resolution: number): number {
  return scaleUnits === 2 ? Math.round(resolution * 2.54) : resolution;
}

export function parseFingerImageRecord(bytes: Uint8Array): FingerImageRecord {
  const r = new Reader(bytes);
  const magic = r.take(4, 'format identifier');
  if (magic[0] !== 0x46 || magic[1] !== 0x49 || magic[2] !== 0x52 || magic[3] !== 0) {
    throw new FingerRecordError('BAD_HEADER', 'ISO 19794-4: format identifier "FIR\\0" missing');
  }
  const versionBytes = r.take(4, 'version');
  const version = String.fromCharCode(versionBytes[0]!, versionBytes[1]!, versionBytes[2]!);
  if (versionBytes[3] !== 0 || (version !== '010' && version !== '020')) {
    throw new FingerRecordError('BAD_HEADER', `ISO 19794-4: unsupported version "${version}"`);
  }
  return version === '010' ? parse2005(r) : parse2011(r);
}

function checkRecordLength(recordLength: number, actual: number): void {
  if (recordLength > MAX_RECORD_BYTES)
    throw new FingerRecordError('TOO_LARGE', `ISO 19794-4: record of ${recordLength} bytes`);
  if (recordLength > actual)
    throw new FingerRecordError('TRUNCATED', `ISO 19794-4: record says ${recordLength} bytes, got ${actual}`);
  if (recordLength < actual)
    throw new FingerRecordError('BAD_LENGTH', `ISO 19794-4: ${actual - recordLength} bytes after the record`);
}

function parse2005(r: Reader): FingerImageRecord {
  const recordLength = r.u48('record length');
  checkRecordLength(recordLength, r.bytes.length);
  r.u16('capture device id');
  r.u16('image acquisition level');
  const count = r.u8('number of fingers');
  const scaleUnits = r.u8('scale units');
  const captureResolution = { horizontal: r.u16('scan resolution'), vertical: r.u16('scan resolution') };
  const imageResolution = { horizontal: r.u16('image resolution'), vertical: r.u16('image resolution') };
  const bitDepth = r.u8('pixel depth');
  const compressionCode = r.u8('compression');
  r.u16('reserved');
  const representations: FingerImageRepresentation[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.offset;
    const blockLength = r.u32('finger data block length');
    if (blockLength < 14 || start + blockLength > r.end) {
      throw new FingerRecordError(
        'BAD_LENGTH',
        `ISO 19794-4: finger block length ${blockLength} at offset ${start}`,
      );
    }
    const position = r.u8('finger position');
    r.u8('count of views');
    const representationNumber = r.u8('view number');
    const quality = r.u8('image quality');
    const impressionType = r.u8('impression type');
    const width = r.u16('horizontal line length');
    const height = r.u16('vertical line length');
    r.u8('reserved');
    const data = r.take(start + blockLength - r.offset, 'image data');
    representations.push({
      position,
      representationNumber,
      quality: quality === 254 || quality === 255 ? undefined : quality,
      qualityBlocks: [],
      impressionType,
      scaleUnits,
      captureResolution,
      imageResolution,
      ppi: ppiOf(scaleUnits, imageResolution.horizontal),
      bitDepth,
      compressionCode,
      compression: compression2005[compressionCode] ?? 'unknown',
      width,
      height,
      data,
    });
  }
  if (r.offset !== r.end)
    throw new FingerRecordError('BAD_LENGTH', 'ISO 19794-4: bytes left after the last finger');
  return { version: '010', recordLength, representations };
}

function parse2011(r: Reader): FingerImageRecord {
  const recordLength = r.u32('record length');
  checkRecordLength(recordLength, r.bytes.length);
  const count = r.u16('number of representations');
  const certificationFlag = r.u8('certification flag');
  r.u8('number of finger positions');
  const representations: FingerImageRepresentation[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.offset;
    const length = r.u32('representation length');
    if (length < REPRESENTATION_HEADER_2011 || start + length > r.end) {
      throw new FingerRecordError(
        'BAD_LENGTH',
        `ISO 19794-4: representation length ${length} at offset ${start}`,
      );
    }
    const year = r.u16('capture year');
    const month = r.u8('capture month');
    const day = r.u8('capture day');
    const hour = r.u8('capture hour');
    const minute = r.u8('capture minute');
    const second = r.u8('capture second');
    const millisecond = r.u16('capture millisecond');
    r.u8('device technology');
    r.u16('device vendor');
    r.u16('device type');
    const qualityCount = r.u8('quality block count');
    const qualityBlocks: FingerQualityBlock[] = [];
    for (let q = 0; q < qualityCount; q++) {
      qualityBlocks.push({
        score: r.u8('quality score'),
        vendorId: r.u16('quality vendor'),
        algorithmId: r.u16('quality algorithm'),
      });
    }
    if (certificationFlag !== 0) {
      const certifications = r.u8('certification block count');
      r.take(certifications * 3, 'certification blocks');
    }
    const position = r.u8('finger position');
    const representationNumber = r.u8('representation number');
    const scaleUnits = r.u8('scale units');
    const captureResolution = {
      horizontal: r.u16('capture sampling rate'),
      vertical: r.u16('capture sampling rate'),
    };
    const imageResolution = {
      horizontal: r.u16('image sampling rate'),
      vertical: r.u16('image sampling rate'),
    };
    const bitDepth = r.u8('bit depth');
    const compressionCode = r.u8('compression');
    const impressionType = r.u8('impression type');
    const width = r.u16('horizontal line length');
    const height = r.u16('vertical line length');
    if (r.offset > start + length) {
      throw new FingerRecordError(
        'BAD_LENGTH',
        `ISO 19794-4: representation header overruns its length ${length}`,
      );
    }
    const data = r.take(start + length - r.offset, 'image data');
    const score = qualityBlocks[0]?.score;
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const captureDateTime =
      year === 0xffff
        ? undefined
        : `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(millisecond === 0xffff ? 0 : millisecond, 3)}Z`;
    representations.push({
      position,
      representationNumber,
      quality: score === undefined || score === 255 ? undefined : score,
      qualityBlocks,
      captureDateTime,
      impressionType,
      scaleUnits,
      captureResolution,
      imageResolution,
      ppi: ppiOf(scaleUnits, imageResolution.horizontal),
      bitDepth,
      compressionCode,
      compression: compression2011[compressionCode] ?? 'unknown',
      width,
      height,
      data,
    });
  }
  if (r.offset !== r.end)
    throw new FingerRecordError('BAD_LENGTH', 'ISO 19794-4: bytes left after the last representation');
  return { version: '020', recordLength, representations };
}

export interface EncodeFingerImage {
  position: number;
  width: number;
  height: number;
  ppi: number;
  quality?: number;
  compression: FingerImageCompression;
  data: Uint8Array;
  capturedAt?: Date;
}

/** Encodes a one-representation 19794-4:2011 record (what MOSIP registration devices send). */
export function encodeFingerImageRecord2011(image: EncodeFingerImage): Uint8Array {
  const code = compression2011.indexOf(image.compression);
  if (code < 0)
    throw new FingerRecordError('UNEXPECTED', `no 2011 compression code for ${image.compression}`);
  const qualityBlocks = image.quality === undefined ? 0 : 1;
  const headerLength = REPRESENTATION_HEADER_2011 + 5 * qualityBlocks;
  const representationLength = headerLength + image.data.length;
  const total = 16 + representationLength;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  out.set([0x46, 0x49, 0x52, 0, 0x30, 0x32, 0x30, 0], 0);
  v.setUint32(8, total);
  v.setUint16(12, 1);
  v.setUint8(14, 0); // no certification blocks
  v.setUint8(15, 1);
  let o = 16;
  v.setUint32(o, representationLength);
  o += 4;
  const at = image.capturedAt ?? new Date();
  v.setUint16(o, at.getUTCFullYear());
  out.set(
    [at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()],
    o + 2,
  );
  v.setUint16(o + 7, at.getUTCMilliseconds());
  o += 9;
  v.setUint8(o, 0); // device technology: unknown
  v.setUint16(o + 1, 0); // vendor
  v.setUint16(o + 3, 0); // type
  o += 5;
  v.setUint8(o++, qualityBlocks);
  if (image.quality !== undefined) {
    v.setUint8(o, image.quality);
    v.setUint16(o + 1, 0);
    v.setUint16(o + 3, 0);
    o += 5;
  }
  v.setUint8(o++, image.position);
  v.setUint8(o++, 1);
  v.setUint8(o++, 1); // pixels per inch
  for (let i = 0; i < 4; i++) {
    v.setUint16(o, image.ppi);
    o += 2;
  }
  v.setUint8(o++, 8);
  v.setUint8(o++, code);
  v.setUint8(o++, 0); // live-scan plain
  v.setUint16(o, image.width);
  v.setUint16(o + 2, image.height);
  o += 4;
  out.set(image.data, o);
  return out;
}

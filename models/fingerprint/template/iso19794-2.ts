/**
 * ISO/IEC 19794-2:2005 finger minutiae record ("FMR\0", version " 20\0") encoding and
 * strict parsing. Layout (big-endian): 24-byte record header, then per finger view a
 * 4-byte view header, 6 bytes per minutia (type:2 | x:14, reserved:2 | y:14, angle in
 * 360/256° units counter-clockwise, quality 0..100) and a 2-byte extended data length
 * followed by that many bytes. Resolution is stored in pixels per centimetre.
 *
 * Angles: the record counts counter-clockwise with y pointing up; the in-memory Minutia
 * angle is clockwise on screen (y down), so the codec mirrors it. See minutiae/types.ts
 * for the ending/bifurcation direction convention.
 */
import type { FingerprintTemplate, Minutia, MinutiaType } from '../minutiae/types';
import { normalizeAngle, TWO_PI } from '../minutiae/types';

const MAGIC = [0x46, 0x4d, 0x52, 0x00]; // "FMR\0"
const VERSION = [0x20, 0x32, 0x30, 0x00]; // " 20\0"
const HEADER_BYTES = 24;
const VIEW_HEADER_BYTES = 4;
const MINUTIA_BYTES = 6;
const MAX_COORD = 0x3fff;
/** Impression types of ISO/IEC 19794-2:2005 (live/non-live, plain/rolled, swipe). */
const IMPRESSION_TYPES = new Set([0, 1, 2, 3, 8, 9]);

export type IsoTemplateErrorCode =
  | 'truncated'
  | 'bad-format-id'
  | 'bad-version'
  | 'bad-length'
  | 'bad-resolution'
  | 'bad-finger-position'
  | 'bad-view-number'
  | 'bad-impression-type'
  | 'bad-quality'
  | 'bad-minutia-type'
  | 'bad-minutia-position'
  | 'bad-reserved'
  | 'no-view'
  | 'too-many-minutiae'
  | 'invalid-template';

/** Typed error for malformed or unencodable ISO/IEC 19794-2 records. */
export class IsoTemplateError extends Error {
  override readonly name = 'IsoTemplateError';
  constructor(
    readonly code: IsoTemplateErrorCode,
    message: string,
  ) {
    super(`ISO 19794-2: ${message}`);
  }
}

export interface IsoFingerView {
  /** 0 unknown, 1-5 right thumb..little, 6-10 left thumb..little. */
  readonly fingerPosition: number;
  readonly viewNumber: number;
  readonly impressionType: number;
  readonly fingerQuality: number;
  readonly minutiae: Minutia[];
  /** Raw extended data block (ridge counts, core/delta, vendor data), may be empty. */
  readonly extendedData: Uint8Array;
}

export interface IsoFingerRecord {
  readonly captureEquipmentCertification: number;
  readonly captureDeviceType: number;
  readonly width: number;
  readonly height: number;
  /** Pixels per centimetre, as stored. */
  readonly resolutionX: number;
  readonly resolutionY: number;
  readonly views: IsoFingerView[];
}

export interface EncodeOptions {
  fingerPosition?: number;
  impressionType?: number;
  viewNumber?: number;
  /** Finger quality 0..100 (default: template.quality, else 0). */
  fingerQuality?: number;
  captureDeviceType?: number;
}

const TYPE_CODE: Record<MinutiaType, number> = { ending: 1, bifurcation: 2 };

function ppiToPpcm(ppi: number): number {
  return Math.round(ppi / 2.54);
}

/** Common scanner resolutions, recovered exactly from their rounded px/cm values. */
const STANDARD_PPIS = [250, 300, 333, 400, 500, 600, 750, 1000, 1200, 1500, 2000];

function ppcmToPpi(ppcm: number): number {
  return STANDARD_PPIS.find((p) => ppiToPpcm(p) === ppcm) ?? Math.round(ppcm * 2.54);
}

function toIsoAngleByte(angle: number): number {
  return Math.round((normalizeAngle(-angle) / TWO_PI) * 256) % 256;
}

function fromIsoAngleByte(b: number): number {
  return normalizeAngle(-(b * TWO_PI) / 256);
}

function checkRange(value: number, max: number, code: IsoTemplateErrorCode, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new IsoTemplateError(code, `${what} ${value} outside 0..${max}`);
  }
}

/** Encodes a template as a single-view ISO/IEC 19794-2:2005 record. */
export function encodeIso19794_2(template: FingerprintTemplate, options: EncodeOptions = {}): Uint8Array {
  const fingerPosition = options.fingerPosition ?? 0;
  const impressionType = options.impressionType ?? 0;
  const viewNumber = options.viewNumber ?? 0;
  const fingerQuality = options.fingerQuality ?? Math.round(template.quality ?? 0);
  checkRange(fingerPosition, 10, 'bad-finger-position', 'finger position');
  checkRange(viewNumber, 15, 'bad-view-number', 'view number');
  if (!IMPRESSION_TYPES.has(impressionType)) {
    throw new IsoTemplateError('bad-impression-type', `impression type ${impressionType}`);
  }
  checkRange(fingerQuality, 100, 'bad-quality', 'finger quality');
  checkRange(options.captureDeviceType ?? 0, 0xfff, 'invalid-template', 'capture device type');
  if (template.minutiae.length > 255) {
    throw new IsoTemplateError(
      'too-many-minutiae',
      `${template.minutiae.length} minutiae (max 255 per view)`,
    );
  }
  checkRange(template.width, 0xffff, 'invalid-template', 'width');
  checkRange(template.height, 0xffff, 'invalid-template', 'height');
  const ppcm = ppiToPpcm(template.ppi);
  if (!(ppcm > 0) || ppcm > 0xffff)
    throw new IsoTemplateError('bad-resolution', `resolution ${template.ppi} ppi`);

  const total = HEADER_BYTES + VIEW_HEADER_BYTES + MINUTIA_BYTES * template.minutiae.length + 2;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out.set(VERSION, 4);
  view.setUint32(8, total);
  view.setUint16(12, (options.captureDeviceType ?? 0) & 0xfff);
  view.setUint16(14, template.width);
  view.setUint16(16, template.height);
  view.setUint16(18, ppcm);
  view.setUint16(20, ppcm);
  out[22] = 1;
  out[23] = 0;
  let p = HEADER_BYTES;
  out[p++] = fingerPosition;
  out[p++] = (viewNumber << 4) | impressionType;
  out[p++] = fingerQuality;
  out[p++] = template.minutiae.length;
  for (const m of template.minutiae) {
    const x = Math.round(m.x);
    const y = Math.round(m.y);
    if (x < 0 || y < 0 || x > MAX_COORD || y > MAX_COORD || !Number.isFinite(m.x) || !Number.isFinite(m.y)) {
      throw new IsoTemplateError('bad-minutia-position', `minutia at (${m.x}, ${m.y})`);
    }
    const q = Math.round(m.quality);
    checkRange(q, 100, 'bad-quality', 'minutia quality');
    view.setUint16(p, (TYPE_CODE[m.type] << 14) | x);
    view.setUint16(p + 2, y);
    out[p + 4] = toIsoAngleByte(m.angle);
    out[p + 5] = q;
    p += MINUTIA_BYTES;
  }
  view.setUint16(p, 0); // no extended data
  return out;
}

/** Parses and validates a complete ISO/IEC 19794-2:2005 record. */
export function parseIso19794_2(bytes: Uint8Array): IsoFingerRecord {
  if (bytes.length < HEADER_BYTES)
    throw new IsoTemplateError('truncated', `${bytes.length} bytes, header needs 24`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < 4; k++) {
    if (bytes[k] !== MAGIC[k])
      throw new IsoTemplateError('bad-format-id', 'format identifier is not "FMR\\0"');
    if (bytes[4 + k] !== VERSION[k]) throw new IsoTemplateError('bad-version', 'version is not " 20\\0"');
  }
  const total = view.getUint32(8);
  if (total !== bytes.length) {
    throw new IsoTemplateError(
      'bad-length',
      `record length field ${total} but ${bytes.length} bytes supplied`,
    );
  }
  const equipment = view.getUint16(12);
  const width = view.getUint16(14);
  const height = view.getUint16(16);
  const resolutionX = view.getUint16(18);
  const resolutionY = view.getUint16(20);
  if (resolutionX === 0 || resolutionY === 0) throw new IsoTemplateError('bad-resolution', 'zero resolution');
  const viewCount = bytes[22]!;
  if (bytes[23] !== 0) throw new IsoTemplateError('bad-reserved', 'reserved header byte is not zero');
  let p = HEADER_BYTES;
  const views: IsoFingerView[] = [];
  for (let v = 0; v < viewCount; v++) {
    if (p + VIEW_HEADER_BYTES > bytes.length)
      throw new IsoTemplateError('truncated', `finger view ${v} header`);
    const fingerPosition = bytes[p]!;
    const viewNumber = bytes[p + 1]! >> 4;
    const impressionType = bytes[p + 1]! & 0x0f;
    const fingerQuality = bytes[p + 2]!;
    const count = bytes[p + 3]!;
    if (fingerPosition > 10)
      throw new IsoTemplateError('bad-finger-position', `finger position ${fingerPosition}`);
    if (!IMPRESSION_TYPES.has(impressionType)) {
      throw new IsoTemplateError('bad-impression-type', `impression type ${impressionType}`);
    }
    if (fingerQuality > 100) throw new IsoTemplateError('bad-quality', `finger quality ${fingerQuality}`);
    p += VIEW_HEADER_BYTES;
    if (p + count * MINUTIA_BYTES + 2 > bytes.length) {
      throw new IsoTemplateError('truncated', `finger view ${v} declares ${count} minutiae`);
    }
    const minutiae: Minutia[] = [];
    for (let k = 0; k < count; k++) {
      const xw = view.getUint16(p);
      const yw = view.getUint16(p + 2);
      const typeCode = xw >> 14;
      const x = xw & MAX_COORD;
      const y = yw & MAX_COORD;
      if (yw >> 14 !== 0) throw new IsoTemplateError('bad-reserved', `minutia ${k}: reserved bits set`);
      if (typeCode !== 1 && typeCode !== 2 && typeCode !== 0) {
        throw new IsoTemplateError('bad-minutia-type', `minutia ${k}: type code ${typeCode}`);
      }
      if ((width > 0 && x >= width) || (height > 0 && y >= height)) {
        throw new IsoTemplateError(
          'bad-minutia-position',
          `minutia ${k} at (${x}, ${y}) outside ${width}x${height}`,
        );
      }
      const quality = bytes[p + 5]!;
      if (quality > 100) throw new IsoTemplateError('bad-quality', `minutia ${k}: quality ${quality}`);
      minutiae.push({
        x,
        y,
        angle: fromIsoAngleByte(bytes[p + 4]!),
        // "Other" (0) is read as an ending: the matcher does not use the type.
        type: typeCode === 2 ? 'bifurcation' : 'ending',
        quality,
      });
      p += MINUTIA_BYTES;
    }
    const extLength = view.getUint16(p);
    p += 2;
    if (p + extLength > bytes.length)
      throw new IsoTemplateError('truncated', `finger view ${v} extended data`);
    const extendedData = bytes.slice(p, p + extLength);
    p += extLength;
    views.push({ fingerPosition, viewNumber, impressionType, fingerQuality, minutiae, extendedData });
  }
  if (p !== bytes.length) {
    throw new IsoTemplateError('bad-length', `${bytes.length - p} bytes after the last finger view`);
  }
  return {
    captureEquipmentCertification: equipment >> 12,
    captureDeviceType: equipment & 0xfff,
    width,
    height,
    resolutionX,
    resolutionY,
    views,
  };
}

/** Parses a record and returns one finger view as a template (coordinates at the record's resolution). */
export function parseIsoTemplate(bytes: Uint8Array, viewIndex = 0): FingerprintTemplate {
  const record = parseIso19794_2(bytes);
  const view = record.views[viewIndex];
  if (!view)
    throw new IsoTemplateError('no-view', `record has ${record.views.length} views, asked for #${viewIndex}`);
  return {
    width: record.width,
    height: record.height,
    ppi: ppcmToPpi(record.resolutionX),
    minutiae: view.minutiae,
    quality: view.fingerQuality,
  };
}

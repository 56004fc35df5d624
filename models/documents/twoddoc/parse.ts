/**
 * Reads a 2D-DOC as the barcode reader, the camera or the agent hands it over: the text form (a
 * header DC01-DC04, the message of data identifiers separated by GS 0x1D, RS 0x1E marking a
 * truncated field, then US 0x1F and the base32 signature) or the binary form (0xDC magic, C40-packed
 * header in the ICAO VDS layout, TLV message, 0xFF signature). The result keeps the exact signed
 * bytes for verification. Written here, not taken from a library: the parser is small, it reads
 * outside data (fuzzed), and no maintained npm package reads 2D-DOC.
 */
import { decodeC40 } from './c40';
import { documentTypes, type FieldDefinition, fieldDictionary, parsedDocumentTypes } from './dictionary';
import { TwoDDocError } from './errors';

export const GS = '\u001d';
export const RS = '\u001e';
export const US = '\u001f';

/** Longest input accepted: a DataMatrix holds at most 1,558 bytes. */
export const MAX_2DDOC_BYTES = 4096;

export interface TwoDDocHeader {
  version: number;
  /** Certification authority id (e.g. "FR00"). */
  authority: string;
  /** Certificate id within the authority (e.g. "0001"). */
  certificate: string;
  /** YYYY-MM-DD, or null when the document states none. */
  issued: string | null;
  signed: string | null;
  /** Document type code (e.g. "00"). */
  type: string;
  typeLabel: string;
  perimeter?: string;
  country?: string;
  encoding: 'text' | 'binary';
}

export interface ParsedTwoDDoc {
  header: TwoDDocHeader;
  /** Field values by data identifier (JSON objects order numeric-looking ids first). */
  fields: Record<string, string>;
  /** French label of each parsed field. */
  labels: Record<string, string>;
  /** Fields whose value the issuer truncated (RS). */
  truncated: string[];
  /** The message as read, for types whose fields this station does not split. */
  unparsedMessage?: string;
  /** The bytes the signature covers. */
  signedBytes: Uint8Array;
  /** The raw signature (r||s), or null when the code carries none. */
  signature: Uint8Array | null;
}

const EPOCH_2000 = Date.UTC(2000, 0, 1);

/** A hex day count since 2000-01-01 as YYYY-MM-DD; FFFF = none. */
export function hexDaysToDate(hex: string): string | null {
  if (!/^[0-9A-F]{4}$/i.test(hex))
    throw new TwoDDocError('BAD_FIELD', `date ${JSON.stringify(hex)} is not 4 hex digits`);
  if (hex.toUpperCase() === 'FFFF') return null;
  return new Date(EPOCH_2000 + Number.parseInt(hex, 16) * 86_400_000).toISOString().slice(0, 10);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (2D-DOC signatures); throws on a foreign character. */
export function decodeBase32(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of clean) {
    const v = BASE32.indexOf(ch.toUpperCase());
    if (v < 0)
      throw new TwoDDocError('BAD_SIGNATURE_ENCODING', `character ${JSON.stringify(ch)} is not base32`);
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** ECDSA r||s lengths of the curves 2D-DOC uses (P-256, P-384, P-521). */
const SIGNATURE_LENGTHS = new Set([64, 96, 132]);

function checkSignatureLength(signature: Uint8Array): Uint8Array {
  if (!SIGNATURE_LENGTHS.has(signature.length)) {
    throw new TwoDDocError(
      'BAD_SIGNATURE_ENCODING',
      `signature of ${signature.length} bytes (64, 96 or 132 expected)`,
    );
  }
  return signature;
}

function typeLabelOf(type: string): string {
  const label = documentTypes[type];
  if (!label) throw new TwoDDocError('UNKNOWN_DOCUMENT_TYPE', `document type ${JSON.stringify(type)}`);
  return label;
}

const HEADER_LENGTHS: Record<number, number> = { 1: 22, 2: 22, 3: 24, 4: 26 };

function parseTextHeader(text: string): { header: TwoDDocHeader; length: number } {
  if (!text.startsWith('DC')) throw new TwoDDocError('NOT_2DDOC', 'text does not start with DC');
  const versionText = text.slice(2, 4);
  if (!/^\d\d$/.test(versionText))
    throw new TwoDDocError('UNSUPPORTED_VERSION', `version ${JSON.stringify(versionText)}`);
  const version = Number(versionText);
  const length = HEADER_LENGTHS[version];
  if (!length) throw new TwoDDocError('UNSUPPORTED_VERSION', `version ${versionText}`);
  if (text.length < length)
    throw new TwoDDocError('TRUNCATED', `header of ${text.length} characters (${length} expected)`);
  const authority = text.slice(4, 8);
  const certificate = text.slice(8, 12);
  if (!/^[0-9A-Z]{4}$/.test(authority) || !/^[0-9A-Z]{4}$/.test(certificate)) {
    throw new TwoDDocError('BAD_FIELD', 'authority or certificate id is not 4 letters or digits');
  }
  const type = text.slice(20, 22);
  const header: TwoDDocHeader = {
    version,
    authority,
    certificate,
    issued: hexDaysToDate(text.slice(12, 16)),
    signed: hexDaysToDate(text.slice(16, 20)),
    type,
    typeLabel: typeLabelOf(type),
    encoding: 'text',
  };
  if (version >= 3) header.perimeter = text.slice(22, 24);
  if (version === 4) header.country = text.slice(24, 26);
  return { header, length };
}

const ID = /^[0-9A-Z]{2}$/;

/** Splits a text message into its fields; every identifier must be in the dictionary. */
export function parseTextMessage(message: string): { fields: Record<string, string>; truncated: string[] } {
  const fields: Record<string, string> = {};
  const truncated: string[] = [];
  let i = 0;
  while (i < message.length) {
    const id = message.slice(i, i + 2);
    if (id.length < 2)
      throw new TwoDDocError('TRUNCATED', `message ends inside a data identifier (offset ${i})`);
    if (!ID.test(id)) throw new TwoDDocError('BAD_FIELD', `invalid data identifier at offset ${i}`);
    const def: FieldDefinition | undefined = fieldDictionary[id];
    if (!def) throw new TwoDDocError('BAD_FIELD', `unknown data identifier ${id}`);
    if (Object.hasOwn(fields, id)) throw new TwoDDocError('BAD_FIELD', `data identifier ${id} appears twice`);
    i += 2;
    let value: string;
    if (def.max !== null && def.min === def.max) {
      value = message.slice(i, i + def.min);
      if (value.length < def.min || value.includes(GS) || value.includes(RS)) {
        throw new TwoDDocError('TRUNCATED', `field ${id} shorter than its fixed size ${def.min}`);
      }
      i += def.min;
    } else {
      const limit = def.max === null ? message.length : Math.min(message.length, i + def.max);
      let j = i;
      while (j < limit && message[j] !== GS && message[j] !== RS) j++;
      value = message.slice(i, j);
      if (message[j] === RS) truncated.push(id);
      if (j < message.length && (message[j] === GS || message[j] === RS)) j++;
      if (value.length < def.min) throw new TwoDDocError('BAD_FIELD', `field ${id} shorter than ${def.min}`);
      i = j;
    }
    fields[id] = value;
  }
  return { fields, truncated };
}

function labelsOf(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(fields).map((id) => [id, fieldDictionary[id]?.label ?? id]));
}

function parseText(text: string): ParsedTwoDDoc {
  const { header, length } = parseTextHeader(text);
  const us = text.indexOf(US, length);
  const message = text.slice(length, us < 0 ? undefined : us);
  const signedBytes = new TextEncoder().encode(text.slice(0, us < 0 ? undefined : us));
  let signature: Uint8Array | null = null;
  if (us >= 0) {
    // An annex may follow the signature after a GS (spec §5); it is not signed and not read here.
    const tail = text
      .slice(us + 1)
      .split(GS)[0]!
      .trim();
    if (tail.length === 0) throw new TwoDDocError('BAD_SIGNATURE_ENCODING', 'empty signature after US');
    signature = checkSignatureLength(decodeBase32(tail));
  }
  return finish(header, message, signedBytes, signature, () => parseTextMessage(message));
}

function finish(
  header: TwoDDocHeader,
  message: string,
  signedBytes: Uint8Array,
  signature: Uint8Array | null,
  split: () => { fields: Record<string, string>; truncated: string[] },
): ParsedTwoDDoc {
  if (!parsedDocumentTypes.has(header.type)) {
    return {
      header,
      fields: {},
      labels: {},
      truncated: [],
      unparsedMessage: message,
      signedBytes,
      signature,
    };
  }
  const { fields, truncated } = split();
  return { header, fields, labels: labelsOf(fields), truncated, signedBytes, signature };
}

/** VDS dates: MMDDYYYY as a 3-byte integer. */
function vdsDate(bytes: Uint8Array, at: number): string | null {
  const v = (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!;
  if (v === 0xffffff || v === 0) return null;
  const mm = Math.floor(v / 1_000_000);
  const dd = Math.floor(v / 10_000) % 100;
  const yyyy = v % 10_000;
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31)
    throw new TwoDDocError('BAD_FIELD', `date value ${v} is not MMDDYYYY`);
  return `${String(yyyy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** BER length at `at`: its value and the bytes it took. */
function berLength(bytes: Uint8Array, at: number): [number, number] {
  const first = bytes[at];
  if (first === undefined) throw new TwoDDocError('TRUNCATED', `length missing at offset ${at}`);
  if (first < 0x80) return [first, 1];
  const n = first & 0x7f;
  if (n === 0 || n > 2)
    throw new TwoDDocError('BAD_FIELD', `length form 0x${first.toString(16)} not allowed`);
  if (at + n >= bytes.length) throw new TwoDDocError('TRUNCATED', `length bytes missing at offset ${at}`);
  let value = 0;
  for (let k = 1; k <= n; k++) value = value * 256 + bytes[at + k]!;
  return [value, 1 + n];
}

function parseBinary(bytes: Uint8Array): ParsedTwoDDoc {
  if (bytes[0] !== 0xdc) throw new TwoDDocError('NOT_2DDOC', 'binary form does not start with 0xDC');
  const versionByte = bytes[1];
  if (versionByte !== 0x02 && versionByte !== 0x03) {
    throw new TwoDDocError('UNSUPPORTED_VERSION', `binary version byte ${versionByte}`);
  }
  const version = versionByte + 1;
  const need = (n: number, at: number) => {
    if (at + n > bytes.length) throw new TwoDDocError('TRUNCATED', `binary header cut at offset ${at}`);
  };
  need(2, 2);
  const country = decodeC40(bytes.subarray(2, 4)).slice(0, 2);
  let at = 4;
  let authority: string;
  let certificate: string;
  if (version === 3) {
    need(6, at);
    const ids = decodeC40(bytes.subarray(at, at + 6));
    authority = ids.slice(0, 4);
    certificate = ids.slice(4, 9);
    at += 6;
  } else {
    need(4, at);
    const head = decodeC40(bytes.subarray(at, at + 4));
    authority = head.slice(0, 4);
    const refLength = Number.parseInt(head.slice(4, 6), 16);
    if (!/^[0-9A-F]{2}$/.test(head.slice(4, 6)) || refLength > 20) {
      throw new TwoDDocError('BAD_FIELD', 'certificate reference length is not 2 hex digits');
    }
    const packed = Math.ceil(refLength / 3) * 2;
    need(packed, at + 4);
    certificate = decodeC40(bytes.subarray(at + 4, at + 4 + packed)).slice(0, refLength);
    at += 4 + packed;
  }
  need(8, at);
  const issued = vdsDate(bytes, at);
  const signed = vdsDate(bytes, at + 3);
  const perimeter = bytes[at + 6]!.toString(16).toUpperCase().padStart(2, '0');
  const type = bytes[at + 7]!.toString(16).toUpperCase().padStart(2, '0');
  at += 8;
  const header: TwoDDocHeader = {
    version,
    authority,
    certificate,
    issued,
    signed,
    type,
    typeLabel: typeLabelOf(type),
    perimeter,
    country,
    encoding: 'binary',
  };
  const fields: Record<string, string> = {};
  let signature: Uint8Array | null = null;
  let signedEnd = bytes.length;
  while (at < bytes.length) {
    const tag = bytes[at]!;
    const [length, lengthBytes] = berLength(bytes, at + 1);
    const start = at + 1 + lengthBytes;
    if (start + length > bytes.length)
      throw new TwoDDocError('TRUNCATED', `feature 0x${tag.toString(16)} cut`);
    const value = bytes.subarray(start, start + length);
    if (tag === 0xff) {
      signedEnd = at;
      signature = checkSignatureLength(Uint8Array.from(value));
      if (start + length !== bytes.length) throw new TwoDDocError('BAD_FIELD', 'bytes after the signature');
      break;
    }
    const id = tag.toString(16).toUpperCase().padStart(2, '0');
    if (Object.hasOwn(fields, id)) throw new TwoDDocError('BAD_FIELD', `feature ${id} appears twice`);
    fields[id] = featureText(value);
    at = start + length;
  }
  const signedBytes = bytes.slice(0, signedEnd);
  const message = Object.entries(fields)
    .map(([k, v]) => `${k}${v}`)
    .join(GS);
  return finish(header, message, signedBytes, signature, () => ({ fields, truncated: [] }));
}

/** A binary feature as text: C40 when it decodes as such, else hex. */
function featureText(value: Uint8Array): string {
  try {
    return decodeC40(value);
  } catch {
    return `0x${Buffer.from(value).toString('hex').toUpperCase()}`;
  }
}

/** Reads a 2D-DOC in text (string, or bytes starting "DC") or binary form (bytes starting 0xDC). */
export function parseTwoDDoc(input: string | Uint8Array): ParsedTwoDDoc {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_2DDOC_BYTES) throw new TwoDDocError('TOO_LARGE', `${size} bytes`);
  if (size === 0) throw new TwoDDocError('NOT_2DDOC', 'empty input');
  if (typeof input !== 'string') {
    if (input[0] === 0xdc) return parseBinary(input);
    input = new TextDecoder('latin1').decode(input);
  }
  return parseText(input);
}

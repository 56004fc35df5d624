/**
 * Writes a signed text 2D-DOC: what an issuer does. The station never issues proofs; the simulated
 * barcode reader, the reference central's demo proofs and the tests use this to make genuine and
 * forged documents with the project's own test authority.
 */
import { type KeyObject, sign } from 'node:crypto';
import { fieldDictionary } from './dictionary';
import { encodeBase32, GS, US } from './parse';

export interface TwoDDocContent {
  version?: 3 | 4;
  authority: string;
  certificate: string;
  /** YYYY-MM-DD or null (FFFF). */
  issued: string | null;
  signed: string | null;
  type: string;
  perimeter?: string;
  country?: string;
  fields: Record<string, string>;
}

const EPOCH_2000 = Date.UTC(2000, 0, 1);

export function dateToHexDays(date: string | null): string {
  if (date === null) return 'FFFF';
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - EPOCH_2000) / 86_400_000);
  return days.toString(16).toUpperCase().padStart(4, '0');
}

/** The signed part: header and message (variable fields end with GS unless at their maximum). */
export function encodeTwoDDocMessage(content: TwoDDocContent): string {
  const version = content.version ?? 4;
  let out = `DC0${version}${content.authority}${content.certificate}${dateToHexDays(content.issued)}${dateToHexDays(content.signed)}${content.type}${content.perimeter ?? '01'}`;
  if (version === 4) out += content.country ?? 'FR';
  const entries = Object.entries(content.fields);
  entries.forEach(([id, value], index) => {
    const def = fieldDictionary[id];
    if (!def) throw new RangeError(`unknown 2D-DOC data identifier ${id}`);
    const fixed = def.max !== null && def.min === def.max;
    if (fixed && value.length !== def.min) throw new RangeError(`field ${id} must be ${def.min} characters`);
    out += id + value;
    const atMax = def.max !== null && value.length === def.max;
    if (!fixed && !atMax && index < entries.length - 1) out += GS;
  });
  return out;
}

/** A complete text 2D-DOC signed with an EC private key (P-256 -> SHA-256). */
export function encodeTwoDDoc(content: TwoDDocContent, privateKey: KeyObject): string {
  const message = encodeTwoDDocMessage(content);
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  const hash = curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256';
  const signature = sign(hash, Buffer.from(message, 'utf8'), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${message}${US}${encodeBase32(signature)}`;
}

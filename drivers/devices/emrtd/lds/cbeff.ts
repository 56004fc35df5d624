/**
 * CBEFF biometric templates of DG2/DG3/DG4 (ICAO 9303-10 §4.7.2, ISO/IEC 7816-11): the group
 * template 7F61 with its count and, per biometric, the header template A1 (format owner 87, format
 * type 88, BDB type 81/82) and the data block 5F2E (7F2E when enciphered).
 */
import { FrameError } from '../../../core/errors';
import { smallIntegerOf } from '../tlv/asn1';
import { children, encodeTlv, expectTlv, findTlv, type Tlv } from '../tlv/tlv';

export interface BiometricTemplate {
  /** BHT fields: biometric type (81), subtype (82), format owner (87) and type (88). */
  header: { type?: number; subtype?: number; formatOwner?: number; formatType?: number };
  /** The biometric data block (e.g. an ISO 19794-4/-5 record). */
  data: Uint8Array;
  enciphered: boolean;
}

function uint(tlv: Tlv | undefined): number | undefined {
  if (!tlv || tlv.value.length === 0 || tlv.value.length > 4) return undefined;
  let v = 0;
  for (const b of tlv.value) v = v * 256 + b;
  return v;
}

/** Parses DGn (outer tag) → 7F61 → n × 7F60. */
export function parseBiometricGroup(
  bytes: Uint8Array,
  outerTag: number,
  context: string,
): BiometricTemplate[] {
  const outer = expectTlv(bytes, outerTag, context);
  const group = findTlv(children(outer), 0x7f61);
  if (!group) throw new FrameError('UNEXPECTED', `${context}: no biometric group template (7F61)`);
  const items = children(group);
  const countTlv = findTlv(items, 0x02);
  const count = countTlv ? smallIntegerOf(countTlv, `${context} count`) : undefined;
  const templates = items.filter((t) => t.tag === 0x7f60);
  if (count !== undefined && count !== templates.length)
    throw new FrameError('BAD_LENGTH', `${context}: announces ${count} templates, holds ${templates.length}`);
  return templates.map((t) => {
    const parts = children(t);
    const bht = findTlv(parts, 0xa1);
    const bhtItems = bht ? children(bht) : [];
    const bdb = findTlv(parts, 0x5f2e) ?? findTlv(parts, 0x7f2e);
    if (!bdb) throw new FrameError('UNEXPECTED', `${context}: template without data block (5F2E)`);
    return {
      header: {
        type: uint(findTlv(bhtItems, 0x81)),
        subtype: uint(findTlv(bhtItems, 0x82)),
        formatOwner: uint(findTlv(bhtItems, 0x87)),
        formatType: uint(findTlv(bhtItems, 0x88)),
      },
      data: bdb.value,
      enciphered: bdb.tag === 0x7f2e,
    };
  });
}

export function encodeBiometricGroup(
  outerTag: number,
  templates: readonly { type: number; subtype: number; formatType: number; data: Uint8Array }[],
): Uint8Array {
  return encodeTlv(
    outerTag,
    encodeTlv(0x7f61, [
      encodeTlv(0x02, Uint8Array.of(templates.length)),
      ...templates.map((t) =>
        encodeTlv(0x7f60, [
          encodeTlv(0xa1, [
            encodeTlv(0x81, Uint8Array.of(t.type)),
            encodeTlv(0x82, Uint8Array.of(t.subtype)),
            encodeTlv(0x87, Uint8Array.of(0x01, 0x01)),
            encodeTlv(0x88, Uint8Array.of(t.formatType >> 8, t.formatType & 0xff)),
          ]),
          encodeTlv(0x5f2e, t.data),
        ]),
      ),
    ]),
  );
}

/**
 * EF.SOD (ICAO 9303-10 §4.6.2, 9303-11 §5.1): tag 77 around a CMS ContentInfo(SignedData)
 * (RFC 5652) whose eContent is the LDSSecurityObject (data-group hashes). Parsed with the project's
 * TLV codec rather than @peculiar/asn1-cms on purpose: the signature covers the DER of the signed
 * attributes exactly as sent, and re-serialising a parsed object could change those bytes. The
 * simulator builds its SOD with @peculiar/asn1-cms, which cross-checks this parser.
 */
import { FrameError } from '../../../core/errors';
import { decodeOid, oidOf, smallIntegerOf, TAG_OCTET_STRING, TAG_SEQUENCE, TAG_SET } from '../tlv/asn1';
import { children, expectTlv, type Tlv } from '../tlv/tlv';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';
export const OID_ATTR_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_ATTR_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

export const hashOids: Record<string, 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface AlgorithmIdentifier {
  oid: string;
  /** Raw parameters TLV, when present. */
  parameters?: Tlv;
}

export interface SignerInfo {
  /** Serial number (hex, upper case) of an issuerAndSerialNumber identifier. */
  serialNumber?: string;
  subjectKeyIdentifier?: Uint8Array;
  digestAlgorithm: AlgorithmIdentifier;
  /** DER of the signed attributes as a SET (tag 31), i.e. what the signature covers. */
  signedAttributesDer?: Uint8Array;
  contentType?: string;
  messageDigest?: Uint8Array;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}

export interface SignedData {
  contentType: string;
  content: Uint8Array;
  certificates: Uint8Array[];
  signerInfos: SignerInfo[];
}

export interface LdsSecurityObject {
  version: number;
  hashAlgorithm: AlgorithmIdentifier;
  hashName?: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  dataGroupHashes: Map<number, Uint8Array>;
  ldsVersion?: string;
  unicodeVersion?: string;
}

export interface Sod {
  signedData: SignedData;
  securityObject: LdsSecurityObject;
}

function algorithm(tlv: Tlv | undefined, context: string): AlgorithmIdentifier {
  if (!tlv || tlv.tag !== TAG_SEQUENCE)
    throw new FrameError('UNEXPECTED', `${context}: AlgorithmIdentifier expected`);
  const [oid, parameters] = children(tlv);
  return { oid: oidOf(oid, context), parameters };
}

function parseSignerInfo(tlv: Tlv): SignerInfo {
  const items = children(tlv);
  let k = 1; // skip version
  const sid = items[k++];
  if (!sid) throw new FrameError('TRUNCATED', 'SignerInfo: no identifier');
  let serialNumber: string | undefined;
  let subjectKeyIdentifier: Uint8Array | undefined;
  if (sid.tag === TAG_SEQUENCE) {
    const [, serial] = children(sid);
    if (serial)
      serialNumber = Buffer.from(serial.value)
        .toString('hex')
        .toUpperCase()
        .replace(/^(00)+(?=.)/, '');
  } else if (sid.tag === 0x80) subjectKeyIdentifier = sid.value;
  const digestAlgorithm = algorithm(items[k++], 'SignerInfo digestAlgorithm');
  let signedAttributesDer: Uint8Array | undefined;
  let contentType: string | undefined;
  let messageDigest: Uint8Array | undefined;
  if (items[k]?.tag === 0xa0) {
    const attrs = items[k++]!;
    signedAttributesDer = Uint8Array.from(attrs.raw);
    signedAttributesDer[0] = TAG_SET;
    for (const attr of children(attrs)) {
      const [type, values] = children(attr);
      const oid = oidOf(type, 'attribute type');
      const first = values && values.tag === TAG_SET ? children(values)[0] : undefined;
      if (oid === OID_ATTR_CONTENT_TYPE && first) contentType = decodeOid(first.value);
      if (oid === OID_ATTR_MESSAGE_DIGEST && first?.tag === TAG_OCTET_STRING) messageDigest = first.value;
    }
  }
  const signatureAlgorithm = algorithm(items[k++], 'SignerInfo signatureAlgorithm');
  const signature = items[k++];
  if (!signature || signature.tag !== TAG_OCTET_STRING)
    throw new FrameError('UNEXPECTED', 'SignerInfo: no signature');
  return {
    serialNumber,
    subjectKeyIdentifier,
    digestAlgorithm,
    signedAttributesDer,
    contentType,
    messageDigest,
    signatureAlgorithm,
    signature: signature.value,
  };
}

/** Parses a DER ContentInfo holding SignedData (SOD content, CSCA master lists). */
export function parseSignedData(contentInfoDer: Uint8Array): SignedData {
  const contentInfo = expectTlv(contentInfoDer, TAG_SEQUENCE, 'ContentInfo', true);
  const [type, explicit] = children(contentInfo);
  if (oidOf(type, 'ContentInfo type') !== OID_SIGNED_DATA)
    throw new FrameError('UNEXPECTED', 'ContentInfo is not SignedData');
  if (explicit?.tag !== 0xa0) throw new FrameError('UNEXPECTED', 'ContentInfo without content');
  const [signedData] = children(explicit);
  if (!signedData || signedData.tag !== TAG_SEQUENCE)
    throw new FrameError('UNEXPECTED', 'SignedData: SEQUENCE expected');
  const items = children(signedData);
  const encap = items[2];
  if (!encap || encap.tag !== TAG_SEQUENCE)
    throw new FrameError('UNEXPECTED', 'SignedData: no encapContentInfo');
  const [eType, eExplicit] = children(encap);
  const contentType = oidOf(eType, 'eContentType');
  const eContent = eExplicit && eExplicit.tag === 0xa0 ? children(eExplicit)[0] : undefined;
  if (!eContent || eContent.tag !== TAG_OCTET_STRING)
    throw new FrameError('UNEXPECTED', 'SignedData: no eContent');
  const certificates: Uint8Array[] = [];
  let signerSet: Tlv | undefined;
  for (const item of items.slice(3)) {
    if (item.tag === 0xa0)
      for (const c of children(item)) if (c.tag === TAG_SEQUENCE) certificates.push(c.raw);
    if (item.tag === TAG_SET) signerSet = item;
  }
  if (!signerSet) throw new FrameError('UNEXPECTED', 'SignedData: no signerInfos');
  return {
    contentType,
    content: eContent.value,
    certificates,
    signerInfos: children(signerSet).map(parseSignerInfo),
  };
}

export function parseLdsSecurityObject(bytes: Uint8Array): LdsSecurityObject {
  const seq = expectTlv(bytes, TAG_SEQUENCE, 'LDSSecurityObject');
  const [version, hashAlg, hashes, versionInfo] = children(seq);
  const hashAlgorithm = algorithm(hashAlg, 'LDSSecurityObject hashAlgorithm');
  if (!hashes || hashes.tag !== TAG_SEQUENCE)
    throw new FrameError('UNEXPECTED', 'LDSSecurityObject: no hash values');
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const entry of children(hashes)) {
    const [number, value] = children(entry);
    const dg = smallIntegerOf(number, 'dataGroupNumber');
    if (!value || value.tag !== TAG_OCTET_STRING)
      throw new FrameError('UNEXPECTED', 'dataGroupHashValue expected');
    if (dg < 1 || dg > 16) throw new FrameError('UNEXPECTED', `data group number ${dg}`);
    dataGroupHashes.set(dg, value.value);
  }
  let ldsVersion: string | undefined;
  let unicodeVersion: string | undefined;
  if (versionInfo?.tag === TAG_SEQUENCE) {
    const [lds, uni] = children(versionInfo);
    ldsVersion = lds ? String.fromCharCode(...lds.value) : undefined;
    unicodeVersion = uni ? String.fromCharCode(...uni.value) : undefined;
  }
  return {
    version: smallIntegerOf(version, 'LDSSecurityObject version'),
    hashAlgorithm,
    hashName: hashOids[hashAlgorithm.oid],
    dataGroupHashes,
    ldsVersion,
    unicodeVersion,
  };
}

export function parseSod(bytes: Uint8Array): Sod {
  const outer = expectTlv(bytes, 0x77, 'EF.SOD');
  const signedData = parseSignedData(outer.value);
  if (signedData.contentType !== OID_LDS_SECURITY_OBJECT)
    throw new FrameError('UNEXPECTED', `EF.SOD: eContentType ${signedData.contentType}`);
  return { signedData, securityObject: parseLdsSecurityObject(signedData.content) };
}

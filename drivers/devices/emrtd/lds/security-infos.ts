/**
 * SecurityInfos (ICAO 9303-11 §9.2, BSI TR-03110-3 App. A): the SET found in EF.CardAccess and
 * DG14 (and EF.CardSecurity). Classifies PACEInfo, PACEDomainParameterInfo,
 * ChipAuthenticationInfo, ChipAuthenticationPublicKeyInfo, TerminalAuthenticationInfo and
 * ActiveAuthenticationInfo; anything else is kept as `unknown`. Hand-written (product core).
 */
import { FrameError } from '../../../core/errors';
import { type EcPublicKey, parseEcSubjectPublicKeyInfo } from '../crypto/ec-keys';
import type { CipherSpec } from '../crypto/kdf';
import { oidOf, smallIntegerOf, TAG_INTEGER, TAG_SET } from '../tlv/asn1';
import { children, expectTlv, type Tlv } from '../tlv/tlv';

export const OID_BSI_DE = '0.4.0.127.0.7';
export const OID_PACE = `${OID_BSI_DE}.2.2.4`;
export const OID_CA = `${OID_BSI_DE}.2.2.3`;
export const OID_PK = `${OID_BSI_DE}.2.2.1`;
export const OID_TA = `${OID_BSI_DE}.2.2.2`;
export const OID_PK_ECDH = `${OID_PK}.2`;
export const OID_AA = '2.23.136.1.1.5';

export type PaceMapping = 'DH-GM' | 'ECDH-GM' | 'DH-IM' | 'ECDH-IM' | 'ECDH-CAM';
const paceMappings: Record<string, PaceMapping> = {
  1: 'DH-GM',
  2: 'ECDH-GM',
  3: 'DH-IM',
  4: 'ECDH-IM',
  6: 'ECDH-CAM',
};

const cipherByArc: Record<string, CipherSpec> = {
  1: { family: '3des', keyLength: 16 },
  2: { family: 'aes', keyLength: 16 },
  3: { family: 'aes', keyLength: 24 },
  4: { family: 'aes', keyLength: 32 },
};

export interface PaceInfo {
  type: 'PACEInfo';
  oid: string;
  mapping: PaceMapping;
  cipher: CipherSpec;
  version: number;
  parameterId?: number;
}

export interface PaceDomainParameterInfo {
  type: 'PACEDomainParameterInfo';
  oid: string;
  parameterId?: number;
}

export interface ChipAuthenticationInfo {
  type: 'ChipAuthenticationInfo';
  oid: string;
  /** 'ECDH' or 'DH'. */
  agreement: 'ECDH' | 'DH';
  cipher: CipherSpec;
  version: number;
  keyId?: number;
}

export interface ChipAuthenticationPublicKeyInfo {
  type: 'ChipAuthenticationPublicKeyInfo';
  oid: string;
  /** Parsed when the key is EC; DH keys are kept raw. */
  publicKey?: EcPublicKey;
  rawPublicKeyInfo: Uint8Array;
  keyId?: number;
}

export interface TerminalAuthenticationInfo {
  type: 'TerminalAuthenticationInfo';
  oid: string;
  version: number;
}

export interface ActiveAuthenticationInfo {
  type: 'ActiveAuthenticationInfo';
  oid: string;
  version: number;
  signatureAlgorithm?: string;
}

export interface UnknownSecurityInfo {
  type: 'unknown';
  oid: string;
}

export type SecurityInfo =
  | PaceInfo
  | PaceDomainParameterInfo
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | TerminalAuthenticationInfo
  | ActiveAuthenticationInfo
  | UnknownSecurityInfo;

function optionalInteger(tlv: Tlv | undefined, context: string): number | undefined {
  return tlv && tlv.tag === TAG_INTEGER ? smallIntegerOf(tlv, context) : undefined;
}

function arcsAfter(oid: string, prefix: string): string[] | undefined {
  if (!oid.startsWith(`${prefix}.`)) return undefined;
  return oid.slice(prefix.length + 1).split('.');
}

export function parseSecurityInfo(tlv: Tlv): SecurityInfo {
  const [oidTlv, required, optional] = children(tlv);
  const oid = oidOf(oidTlv, 'SecurityInfo');
  const pace = arcsAfter(oid, OID_PACE);
  if (pace) {
    const mapping = paceMappings[pace[0] ?? ''];
    if (pace.length === 2 && mapping) {
      const cipher = cipherByArc[pace[1]!];
      if (cipher)
        return {
          type: 'PACEInfo',
          oid,
          mapping,
          cipher,
          version: smallIntegerOf(required, 'PACEInfo version'),
          parameterId: optionalInteger(optional, 'PACEInfo parameterId'),
        };
    }
    if (pace.length === 1 && mapping)
      return {
        type: 'PACEDomainParameterInfo',
        oid,
        parameterId: optionalInteger(optional, 'PACE parameterId'),
      };
    return { type: 'unknown', oid };
  }
  const ca = arcsAfter(oid, OID_CA);
  if (ca && ca.length === 2) {
    const cipher = cipherByArc[ca[1]!];
    const agreement = ca[0] === '1' ? 'DH' : ca[0] === '2' ? 'ECDH' : undefined;
    if (cipher && agreement)
      return {
        type: 'ChipAuthenticationInfo',
        oid,
        agreement,
        cipher,
        version: smallIntegerOf(required, 'ChipAuthenticationInfo version'),
        keyId: optionalInteger(optional, 'ChipAuthenticationInfo keyId'),
      };
  }
  const pk = arcsAfter(oid, OID_PK);
  if (pk && pk.length === 1 && required) {
    let publicKey: EcPublicKey | undefined;
    if (oid === OID_PK_ECDH) publicKey = parseEcSubjectPublicKeyInfo(required);
    return {
      type: 'ChipAuthenticationPublicKeyInfo',
      oid,
      publicKey,
      rawPublicKeyInfo: required.raw,
      keyId: optionalInteger(optional, 'ChipAuthenticationPublicKeyInfo keyId'),
    };
  }
  if (oid === OID_TA)
    return { type: 'TerminalAuthenticationInfo', oid, version: smallIntegerOf(required, 'TA version') };
  if (oid === OID_AA)
    return {
      type: 'ActiveAuthenticationInfo',
      oid,
      version: smallIntegerOf(required, 'AA version'),
      signatureAlgorithm: optional?.tag === 0x06 ? oidOf(optional, 'AA signature algorithm') : undefined,
    };
  return { type: 'unknown', oid };
}

/** Parses a DER SET OF SecurityInfo (the content of EF.CardAccess, or the value of DG14). */
export function parseSecurityInfos(bytes: Uint8Array): SecurityInfo[] {
  const set = expectTlv(bytes, TAG_SET, 'SecurityInfos');
  const infos = children(set).map(parseSecurityInfo);
  if (infos.length === 0) throw new FrameError('UNEXPECTED', 'SecurityInfos: empty set');
  return infos;
}

/** EF.CardAccess is a bare SecurityInfos SET. */
export const parseCardAccess = parseSecurityInfos;

/** DG14: tag 6E around SecurityInfos. */
export function parseDg14(bytes: Uint8Array): SecurityInfo[] {
  const outer = expectTlv(bytes, 0x6e, 'DG14');
  return parseSecurityInfos(outer.value);
}

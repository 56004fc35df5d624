/**
 * Personalisation of the simulated CNIe: the holder's MRZ (TD1) and CAN, EF.CardAccess (PACE
 * ECDH-GM AES-256 on brainpoolP256r1, IM also listed as on the real card), EF.COM, DG1, DG2 (a
 * synthetic JPEG portrait), DG3 (two WSQ fingers made with the project's encoder), DG14 (Chip
 * Authentication key, CA-ECDH-AES-256), EF.CVCA and EF.SOD signed by the test DS, plus the test
 * EAC PKI. Finger images can be given (e.g. from shared/data for demos); synthetic otherwise.
 */
import sharp from 'sharp';
import { encodeWsq } from '../../../../models/fingerprint/wsq';
import { syntheticFingerprint } from '../../../../models/fingerprint/wsq/test-fixtures';
import { curves } from '../crypto/curves';
import { type EcKeyPair, generateKeyPair, generator, systemRandom } from '../crypto/ec';
import { encodeEcSubjectPublicKeyInfo } from '../crypto/ec-keys';
import { createEacTestPki, type EacTestPki, type EacTestPkiOptions } from '../cvc/test-pki';
import { encodeBiometricGroup } from '../lds/cbeff';
import { encodeCvcaFile } from '../lds/cvca';
import { encodeDg1 } from '../lds/dg1';
import { encodeFaceRecord } from '../lds/dg2';
import { encodeFingerRecord } from '../lds/dg3';
import { buildTd1 } from '../lds/mrz';
import { OID_PK_ECDH, OID_TA } from '../lds/security-infos';
import { encodeInteger, encodeOid, sequence, set } from '../tlv/asn1';
import { encodeTlv } from '../tlv/tlv';
import { buildSod, createDocumentPki, type DocumentPki, type DocumentPkiOptions } from './document-pki';

export const OID_PACE_ECDH_GM_AES_256 = '0.4.0.127.0.7.2.2.4.2.4';
export const OID_PACE_ECDH_IM_AES_256 = '0.4.0.127.0.7.2.2.4.4.4';
export const OID_CA_ECDH_AES_256 = '0.4.0.127.0.7.2.2.3.2.4';

export interface FingerSource {
  positionCode: number;
  width: number;
  height: number;
  /** 8-bit greyscale pixels. */
  pixels: Uint8Array;
}

export interface CniePersonalisation {
  can: string;
  mrz: string;
  /** Files by FID (hex, upper case) in the eMRTD application. */
  applicationFiles: Map<string, Uint8Array>;
  /** Files of the master file (EF.CardAccess 011C). */
  masterFiles: Map<string, Uint8Array>;
  chipAuthenticationKey: EcKeyPair;
  chipAuthenticationKeyId: number;
  eac: EacTestPki;
  documentPki: DocumentPki & { cscaKey: unknown };
}

export interface PersonaliseOptions {
  can?: string;
  holder?: {
    surname: string;
    givenNames: string;
    documentNumber: string;
    dateOfBirth: string;
    dateOfExpiry: string;
    sex: 'M' | 'F' | 'X';
  };
  fingers?: FingerSource[];
  eac?: EacTestPkiOptions;
  document?: DocumentPkiOptions;
  /** Synthetic finger size (default 256×320). */
  fingerSize?: { width: number; height: number };
}

export function paceInfo(oid: string, parameterId: number): Uint8Array {
  return sequence(encodeOid(oid), encodeInteger(2), encodeInteger(parameterId));
}

export async function personaliseCnie(options: PersonaliseOptions = {}): Promise<CniePersonalisation> {
  const holder = options.holder ?? {
    surname: 'MARTIN',
    givenNames: 'CAMILLE ALIX',
    documentNumber: 'X4RTBPFW4',
    dateOfBirth: '900215',
    dateOfExpiry: '330614',
    sex: 'F' as const,
  };
  const can = options.can ?? '123456';
  const mrz = buildTd1({
    issuingState: 'FRA',
    documentNumber: holder.documentNumber,
    nationality: 'FRA',
    dateOfBirth: holder.dateOfBirth,
    sex: holder.sex,
    dateOfExpiry: holder.dateOfExpiry,
    primaryIdentifier: holder.surname,
    secondaryIdentifier: holder.givenNames,
  });
  const dg1 = encodeDg1(mrz);

  const portrait = await sharp({
    create: { width: 240, height: 320, channels: 3, background: { r: 180, g: 190, b: 205 } },
  })
    .composite([
      {
        input: Buffer.from(
          '<svg width="240" height="320"><ellipse cx="120" cy="140" rx="62" ry="82" fill="#c8a08a"/><rect x="60" y="230" width="120" height="90" fill="#334"/></svg>',
        ),
      },
    ])
    .jpeg({ quality: 80 })
    .toBuffer();
  const dg2 = encodeBiometricGroup(0x75, [
    {
      type: 0x02,
      subtype: 0x00,
      formatType: 0x0008,
      data: encodeFaceRecord({ bytes: new Uint8Array(portrait), width: 240, height: 320, format: 'jpeg' }),
    },
  ]);

  const size = options.fingerSize ?? { width: 256, height: 320 };
  const sources: FingerSource[] = options.fingers ?? [
    { positionCode: 2, ...size, pixels: syntheticFingerprint(size.width, size.height, 11) },
    { positionCode: 7, ...size, pixels: syntheticFingerprint(size.width, size.height, 17) },
  ];
  const fingerRecords = sources.map((f) => ({
    positionCode: f.positionCode,
    width: f.width,
    height: f.height,
    quality: 80,
    bytes: encodeWsq({ width: f.width, height: f.height, pixels: f.pixels, ppi: 500 }, { bitrate: 0.75 }),
  }));
  const subtypes: Record<number, number> = {
    1: 0x05,
    2: 0x09,
    3: 0x0d,
    4: 0x11,
    5: 0x15,
    6: 0x06,
    7: 0x0a,
    8: 0x0e,
    9: 0x12,
    10: 0x16,
  };
  const dg3 = encodeBiometricGroup(
    0x63,
    fingerRecords.map((r) => ({
      type: 0x08,
      subtype: subtypes[r.positionCode] ?? 0,
      formatType: 0x0007,
      data: encodeFingerRecord([r]),
    })),
  );

  const curve = curves.brainpoolP256r1;
  const caKey = generateKeyPair(curve, generator(curve), systemRandom);
  const caKeyId = 1;
  const dg14 = encodeTlv(
    0x6e,
    set(
      sequence(encodeOid(OID_CA_ECDH_AES_256), encodeInteger(1), encodeInteger(caKeyId)),
      sequence(
        encodeOid(OID_PK_ECDH),
        encodeEcSubjectPublicKeyInfo(curve, caKey.publicKey),
        encodeInteger(caKeyId),
      ),
      sequence(encodeOid(OID_TA), encodeInteger(1)),
    ),
  );
  const cardAccess = set(paceInfo(OID_PACE_ECDH_GM_AES_256, 13), paceInfo(OID_PACE_ECDH_IM_AES_256, 13));
  const com = encodeTlv(0x60, [
    encodeTlv(
      0x5f01,
      Uint8Array.from('0108', (c) => c.charCodeAt(0)),
    ),
    encodeTlv(
      0x5f36,
      Uint8Array.from('040000', (c) => c.charCodeAt(0)),
    ),
    encodeTlv(0x5c, Uint8Array.of(0x61, 0x75, 0x63, 0x6e)),
  ]);
  const eac = createEacTestPki(options.eac);
  const documentPki = createDocumentPki(options.document);
  const sod = buildSod(
    new Map([
      [1, dg1],
      [2, dg2],
      [3, dg3],
      [14, dg14],
    ]),
    documentPki,
  );
  return {
    can,
    mrz,
    masterFiles: new Map([['011C', cardAccess]]),
    applicationFiles: new Map([
      ['011E', com],
      ['011D', sod],
      ['0101', dg1],
      ['0102', dg2],
      ['0103', dg3],
      ['010E', dg14],
      ['011C', encodeCvcaFile([eac.cvcaReference])],
    ]),
    chipAuthenticationKey: caKey,
    chipAuthenticationKeyId: caKeyId,
    eac,
    documentPki,
  };
}

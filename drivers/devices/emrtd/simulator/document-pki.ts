/**
 * The project's own passive-authentication test PKI and SOD builder: a test CSCA ("CSCA-UTOPIA
 * TEST") and a document signer, ECDSA P-256, as X.509 built with @peculiar/asn1-x509 and signed
 * with node:crypto; and EF.SOD as CMS SignedData built with @peculiar/asn1-cms (independent of the
 * project's own SOD parser, which it therefore cross-checks). Test material only.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import {
  OID_ATTR_CONTENT_TYPE,
  OID_ATTR_MESSAGE_DIGEST,
  OID_LDS_SECURITY_OBJECT,
  OID_SIGNED_DATA,
} from '../lds/sod';
import { encodeInteger, encodeOid, octetString, sequence } from '../tlv/asn1';
import { encodeTlv } from '../tlv/tlv';

const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';

export interface DocumentPki {
  csca: Uint8Array;
  ds: Uint8Array;
  dsKey: KeyObject;
  dsSerial: Uint8Array;
}

function name(country: string, commonName: string): Name {
  const rdn = (type: string, value: AttributeValue) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  return new Name([
    rdn('2.5.4.6', new AttributeValue({ printableString: country })),
    rdn('2.5.4.10', new AttributeValue({ utf8String: 'Recueil test' })),
    rdn('2.5.4.3', new AttributeValue({ utf8String: commonName })),
  ]);
}

function serial(): Uint8Array {
  const s = new Uint8Array(randomBytes(8));
  s[0] = (s[0]! & 0x7f) | 0x01;
  return s;
}

function certificate(options: {
  subject: Name;
  issuer: Name;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  serialNumber: Uint8Array;
}): Uint8Array {
  const spkiDer = options.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: options.serialNumber.buffer.slice(
      options.serialNumber.byteOffset,
      options.serialNumber.byteOffset + options.serialNumber.byteLength,
    ) as ArrayBuffer,
    signature: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }),
    issuer: options.issuer,
    subject: options.subject,
    validity: new Validity({ notBefore: options.notBefore, notAfter: options.notAfter }),
    subjectPublicKeyInfo: AsnConvert.parse(spkiDer, SubjectPublicKeyInfo),
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: new OctetString(AsnConvert.serialize(new BasicConstraints({ cA: options.ca }))),
      }),
      new Extension({
        extnID: id_ce_keyUsage,
        critical: true,
        extnValue: new OctetString(
          AsnConvert.serialize(
            new KeyUsage(
              options.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature,
            ),
          ),
        ),
      }),
    ]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, options.signingKey);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }),
    signatureValue: signature.buffer.slice(
      signature.byteOffset,
      signature.byteOffset + signature.byteLength,
    ) as ArrayBuffer,
  });
  return new Uint8Array(AsnConvert.serialize(cert));
}

export interface DocumentPkiOptions {
  /** DS validity (default: from 30 days ago for 10 years). */
  dsNotBefore?: Date;
  dsNotAfter?: Date;
  cscaNotAfter?: Date;
}

export function createDocumentPki(options: DocumentPkiOptions = {}): DocumentPki & { cscaKey: KeyObject } {
  const day = 86400000;
  const now = Date.now();
  const cscaKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const dsKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cscaName = name('UT', 'CSCA-UTOPIA TEST');
  const csca = certificate({
    subject: cscaName,
    issuer: cscaName,
    publicKey: cscaKeys.publicKey,
    signingKey: cscaKeys.privateKey,
    notBefore: new Date(now - 365 * day),
    notAfter: options.cscaNotAfter ?? new Date(now + 15 * 365 * day),
    ca: true,
    serialNumber: serial(),
  });
  const dsSerial = serial();
  const ds = certificate({
    subject: name('UT', 'DS-UTOPIA TEST 01'),
    issuer: cscaName,
    publicKey: dsKeys.publicKey,
    signingKey: cscaKeys.privateKey,
    notBefore: options.dsNotBefore ?? new Date(now - 30 * day),
    notAfter: options.dsNotAfter ?? new Date(now + 10 * 365 * day),
    ca: false,
    serialNumber: dsSerial,
  });
  return { csca, ds, dsKey: dsKeys.privateKey, dsSerial, cscaKey: cscaKeys.privateKey };
}

const ab = (u: Uint8Array): ArrayBuffer =>
  u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

/** LDSSecurityObject v0 with SHA-256 hashes of the given data groups. */
export function buildLdsSecurityObject(dataGroups: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const entries = [...dataGroups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([dg, bytes]) =>
      sequence(encodeInteger(dg), octetString(new Uint8Array(createHash('sha256').update(bytes).digest()))),
    );
  return sequence(encodeInteger(0), sequence(encodeOid(OID_SHA256)), sequence(...entries));
}

/** EF.SOD: 77 { ContentInfo(SignedData) } signed by the DS key, DS certificate embedded. */
export function buildSod(dataGroups: ReadonlyMap<number, Uint8Array>, pki: DocumentPki): Uint8Array {
  const content = buildLdsSecurityObject(dataGroups);
  const digest = new Uint8Array(createHash('sha256').update(content).digest());
  const signedAttrs = [
    new Attribute({ attrType: OID_ATTR_CONTENT_TYPE, attrValues: [ab(encodeOid(OID_LDS_SECURITY_OBJECT))] }),
    new Attribute({ attrType: OID_ATTR_MESSAGE_DIGEST, attrValues: [ab(octetString(digest))] }),
  ];
  // The signature covers the DER SET OF the attributes (tag 31).
  const attrsDer = encodeTlv(
    0x31,
    signedAttrs.map((a) => new Uint8Array(AsnConvert.serialize(a))),
  );
  const signature = sign('sha256', attrsDer, pki.dsKey);
  const dsCert = AsnConvert.parse(pki.ds, Certificate);
  const signedData = new SignedData({
    version: 3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: OID_SHA256 })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: OID_LDS_SECURITY_OBJECT,
      eContent: new EncapsulatedContent({ single: new OctetString(ab(content)) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate: dsCert })]),
    signerInfos: new SignerInfos([
      new SignerInfo({
        version: 1,
        sid: new SignerIdentifier({
          issuerAndSerialNumber: new IssuerAndSerialNumber({
            issuer: dsCert.tbsCertificate.issuer,
            serialNumber: ab(pki.dsSerial),
          }),
        }),
        digestAlgorithm: new AlgorithmIdentifier({ algorithm: OID_SHA256 }),
        signedAttrs,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }),
        signature: new OctetString(ab(new Uint8Array(signature))),
      }),
    ]),
  });
  const contentInfo = new ContentInfo({
    contentType: OID_SIGNED_DATA,
    content: AsnConvert.serialize(signedData),
  });
  return encodeTlv(0x77, new Uint8Array(AsnConvert.serialize(contentInfo)));
}

/**
 * The project's test "agent CA": a self-signed CA and the agent certificates it issues, ECDSA
 * P-256, built with @peculiar/asn1-x509 and signed with node:crypto (like the eMRTD document PKI).
 * The role is an Extended Key Usage OID (see roles.ts); the subject is C=FR, O=<town hall>,
 * OU=<role>, CN=<holder>. Validity windows and extra/missing role OIDs are parameters so tests can
 * mint expired, role-less or ambiguous certificates. Test and demo material only.
 */
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_kp_clientAuth,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { type AgentRole, roleOids } from '../roles';

const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const DAY = 86_400_000;

const ab = (u: Uint8Array): ArrayBuffer =>
  u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

function name(parts: { o: string; ou?: string; cn: string }): Name {
  const rdn = (type: string, value: AttributeValue) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  return new Name([
    rdn('2.5.4.6', new AttributeValue({ printableString: 'FR' })),
    rdn('2.5.4.10', new AttributeValue({ utf8String: parts.o })),
    ...(parts.ou ? [rdn('2.5.4.11', new AttributeValue({ utf8String: parts.ou }))] : []),
    rdn('2.5.4.3', new AttributeValue({ utf8String: parts.cn })),
  ]);
}

function serialNumber(): Uint8Array {
  const s = new Uint8Array(randomBytes(10));
  s[0] = (s[0]! & 0x7f) | 0x01;
  return s;
}

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function buildCertificate(options: {
  subject: Name;
  issuer: Name;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  ekus?: string[];
}): Uint8Array {
  const extensions = [
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: options.ca })),
    extension(
      id_ce_keyUsage,
      true,
      new KeyUsage(
        options.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature,
      ),
    ),
  ];
  if (options.ekus) extensions.push(extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage(options.ekus)));
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: ab(serialNumber()),
    signature: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }),
    issuer: options.issuer,
    subject: options.subject,
    validity: new Validity({ notBefore: options.notBefore, notAfter: options.notAfter }),
    subjectPublicKeyInfo: AsnConvert.parse(
      options.publicKey.export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
    extensions: new Extensions(extensions),
  });
  const signature = sign('sha256', new Uint8Array(AsnConvert.serialize(tbs)), options.signingKey);
  return new Uint8Array(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate: tbs,
        signatureAlgorithm: new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 }),
        signatureValue: ab(signature),
      }),
    ),
  );
}

export interface AgentCredentials {
  /** Agent certificate, DER. */
  certificate: Uint8Array;
  /** The private key that stays in the card. */
  privateKey: KeyObject;
}

export interface IssueAgentOptions {
  role: AgentRole;
  /** Holder's name (CN); never logged nor audited by the station. */
  holder?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Override the EKU list (tests: no role, two roles). */
  ekus?: string[];
}

export interface AgentCa {
  /** CA certificate, DER: the trust anchor the station is configured with. */
  certificate: Uint8Array;
  issue(options: IssueAgentOptions): AgentCredentials;
}

export interface AgentCaOptions {
  /** Organisation (the town hall), default "Mairie de Test". */
  organisation?: string;
  notBefore?: Date;
  notAfter?: Date;
  now?: Date;
}

export function createAgentCa(options: AgentCaOptions = {}): AgentCa {
  const now = (options.now ?? new Date()).getTime();
  const organisation = options.organisation ?? 'Mairie de Test';
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = name({ o: organisation, cn: 'AC Agents Recueil TEST' });
  const certificate = buildCertificate({
    subject: caName,
    issuer: caName,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    notBefore: options.notBefore ?? new Date(now - 365 * DAY),
    notAfter: options.notAfter ?? new Date(now + 10 * 365 * DAY),
    ca: true,
  });
  return {
    certificate,
    issue(request) {
      const agentKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const cert = buildCertificate({
        subject: name({ o: organisation, ou: request.role, cn: request.holder ?? 'Agent de test' }),
        issuer: caName,
        publicKey: agentKeys.publicKey,
        signingKey: keys.privateKey,
        notBefore: request.notBefore ?? new Date(now - 30 * DAY),
        notAfter: request.notAfter ?? new Date(now + 3 * 365 * DAY),
        ca: false,
        ekus: request.ekus ?? [id_kp_clientAuth, roleOids[request.role]],
      });
      return { certificate: cert, privateKey: agentKeys.privateKey };
    },
  };
}

/**
 * The project's test PKI for mutual TLS between stations and the reference central server, built
 * with @peculiar/x509 on node:crypto's WebCrypto: a CA, the central server's TLS certificate
 * (SAN 127.0.0.1 and localhost), and station client certificates whose CN is the station id.
 * Keys are ECDSA P-256; private keys are exported as PKCS#8 PEM (what node:tls reads).
 * Validity windows are parameters so tests can mint expired certificates.
 */
import '../../common/reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
export const DAY = 24 * 3600 * 1000;

export interface IssuedCertificate {
  /** Certificate, PEM. */
  cert: string;
  /** Private key, PKCS#8 PEM. */
  key: string;
}

export interface CertificateAuthority extends IssuedCertificate {
  /** Issues a certificate signed by this CA. */
  issue(request: IssueRequest): Promise<IssuedCertificate>;
}

export interface Validity {
  notBefore?: Date;
  notAfter?: Date;
}

export type IssueRequest =
  | ({ kind: 'server'; commonName: string; ips?: string[]; dnsNames?: string[] } & Validity)
  | ({ kind: 'client'; commonName: string } & Validity);

export async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/** A random positive 128-bit certificate serial number, hex. */
export const serial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive, no leading zero
  return bytes.toString('hex');
};

/** CN values end up in a distinguished name: keep them to a safe alphabet. */
function assertCommonName(cn: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,63}$/.test(cn)) throw new Error(`invalid common name "${cn}"`);
}

async function authorityFrom(
  caCert: x509.X509Certificate,
  caKeys: CryptoKeyPair,
): Promise<CertificateAuthority> {
  const caPem = caCert.toString('pem');
  const caKeyPem = await privateKeyPem(caKeys.privateKey);
  return {
    cert: caPem,
    key: caKeyPem,
    async issue(request) {
      assertCommonName(request.commonName);
      const keys = await generateKeys();
      const now = Date.now();
      const names: x509.JsonGeneralName[] =
        request.kind === 'server'
          ? [
              ...(request.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
              ...(request.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
            ]
          : [];
      const extensions: x509.Extension[] = [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(
          [request.kind === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
          false,
        ),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ];
      if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, false));
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: `CN=${request.commonName}, O=Recueil test PKI`,
        issuer: caCert.subject,
        notBefore: request.notBefore ?? new Date(now - DAY),
        notAfter: request.notAfter ?? new Date(now + 2 * 365 * DAY),
        signingAlgorithm: EC,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        extensions,
      });
      return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
    },
  };
}

/** A new self-signed test CA (10 years). */
export async function createTestCa(name = 'Recueil test CA'): Promise<CertificateAuthority> {
  assertCommonName(name);
  const keys = await generateKeys();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}, O=Recueil test PKI`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 10 * 365 * DAY),
    signingAlgorithm: EC,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return authorityFrom(cert, keys);
}

/** Re-opens a CA from its PEM files (to enroll more stations later). */
export async function loadCa(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  const cert = new x509.X509Certificate(certPem);
  const der = x509.PemConverter.decodeFirst(keyPem);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, EC, true, ['sign']);
  const publicKey = await cert.publicKey.export(EC, ['verify'], webcrypto as unknown as Crypto);
  return authorityFrom(cert, { privateKey, publicKey });
}

/** The CN of a certificate subject (PEM), or undefined. */
export function commonNameOf(certPem: string): string | undefined {
  const cert = new x509.X509Certificate(certPem);
  return cert.subjectName.getField('CN')[0];
}

export const DAY_MS = DAY;

/**
 * Certificate signing requests for station enrollment: the station builds a PKCS#10 request for
 * a fresh ECDSA P-256 TLS key (`createCsr`); the central system checks the request's signature
 * and issues a client certificate for its public key from the station CA (`issueFromCsr`), with
 * the CN it decides (the station id), never the one the request asked for.
 */
import '../../common/reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { DAY, EC, generateKeys, serial as newSerial, privateKeyPem } from './certificates';

export interface CsrWithKey {
  /** PKCS#10 request, PEM. */
  csr: string;
  /** The TLS private key, PKCS#8 PEM (the caller protects it). */
  key: string;
}

/** A new TLS key pair and a PKCS#10 request for it (CN = the requested station id). */
export async function createCsr(commonName: string): Promise<CsrWithKey> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(commonName))
    throw new Error(`invalid station id "${commonName}"`);
  const keys = await generateKeys();
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: EC,
  });
  return { csr: request.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

export class CsrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsrError';
  }
}

export interface IssuedFromCsr {
  cert: string;
  serial: string;
  notAfter: Date;
}

/**
 * Verifies the request's self-signature (proof of possession) and issues a client certificate
 * (clientAuth, CN = `commonName`) valid for `days`, signed by the CA given as PEM cert + key.
 */
export async function issueFromCsr(options: {
  csrPem: string;
  caCertPem: string;
  caKeyPem: string;
  commonName: string;
  days: number;
  now?: Date;
}): Promise<IssuedFromCsr> {
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(options.csrPem);
  } catch {
    throw new CsrError('unreadable certificate signing request');
  }
  const algorithm = request.publicKey.algorithm as EcKeyAlgorithm;
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256')
    throw new CsrError('the request must be for an ECDSA P-256 key');
  if (!(await request.verify())) throw new CsrError('the request signature does not verify');
  const caCert = new x509.X509Certificate(options.caCertPem);
  const caPrivate = await webcrypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(options.caKeyPem),
    EC,
    false,
    ['sign'],
  );
  const caPublic = await caCert.publicKey.export(EC, ['verify'], webcrypto as unknown as Crypto);
  const publicKey = await request.publicKey.export(EC, ['verify'], webcrypto as unknown as Crypto);
  const serial = newSerial();
  const now = options.now?.getTime() ?? Date.now();
  const notAfter = new Date(now + options.days * DAY);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${options.commonName}, O=Recueil stations`,
    issuer: caCert.subject,
    notBefore: new Date(now - 5 * 60_000),
    notAfter,
    signingAlgorithm: EC,
    publicKey,
    signingKey: caPrivate,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caPublic),
    ],
  });
  return { cert: cert.toString('pem'), serial, notAfter };
}

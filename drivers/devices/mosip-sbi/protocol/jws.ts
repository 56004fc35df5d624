/**
 * Verification of SBI JSON Web Signatures — product core protocol. Device info, digital ids and
 * capture data are compact JWS (RS256) whose protected header carries the signing certificate in
 * `x5c[0]`. We check the signature with that certificate, the certificate's validity period, and,
 * when trust anchors are configured, that the certificate was issued by (or is) one of them.
 * Unsigned SBI payloads (unregistered devices) are plain base64url JSON and are reported as such.
 */
import { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importX509 } from 'jose';

export class SbiSignatureError extends Error {
  constructor(
    readonly reason: 'MALFORMED' | 'NO_CERTIFICATE' | 'BAD_SIGNATURE' | 'CERTIFICATE_EXPIRED' | 'UNTRUSTED',
    message: string,
  ) {
    super(message);
    this.name = 'SbiSignatureError';
  }
}

export interface SbiTrust {
  /** PEM certificates of device providers (or pinned device certificates). */
  anchors: string[];
}

export interface VerifiedJws<T = unknown> {
  payload: T;
  certificate: X509Certificate;
  /** SHA-256 fingerprint of the signing certificate ("AA:BB:..."). */
  thumbprint: string;
}

function toPem(base64Der: string): string {
  const lines = base64Der.replace(/\s+/g, '').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export async function verifySbiJws<T = unknown>(
  jws: string,
  options: { trust?: SbiTrust; now?: Date } = {},
): Promise<VerifiedJws<T>> {
  if (jws.split('.').length !== 3) throw new SbiSignatureError('MALFORMED', 'not a compact JWS');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch (cause) {
    throw new SbiSignatureError('MALFORMED', `unreadable JWS header: ${String(cause)}`);
  }
  const first = header.x5c?.[0];
  if (!first) throw new SbiSignatureError('NO_CERTIFICATE', 'JWS header has no x5c certificate');
  if (header.alg !== 'RS256')
    throw new SbiSignatureError('MALFORMED', `unexpected JWS alg ${String(header.alg)}`);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(first, 'base64'));
  } catch (cause) {
    throw new SbiSignatureError('NO_CERTIFICATE', `x5c[0] is not an X.509 certificate: ${String(cause)}`);
  }
  const now = options.now ?? new Date();
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
    throw new SbiSignatureError(
      'CERTIFICATE_EXPIRED',
      `device certificate valid ${certificate.validFrom} – ${certificate.validTo}`,
    );
  }
  if (options.trust) {
    const trusted = options.trust.anchors.some((pem) => {
      const anchor = new X509Certificate(pem);
      if (anchor.fingerprint256 === certificate.fingerprint256) return true;
      return certificate.checkIssued(anchor) && certificate.verify(anchor.publicKey);
    });
    if (!trusted)
      throw new SbiSignatureError(
        'UNTRUSTED',
        `certificate ${certificate.subject} is not from a trusted provider`,
      );
  }
  let payloadBytes: Uint8Array;
  try {
    const key = await importX509(toPem(first), 'RS256');
    payloadBytes = (await compactVerify(jws, key, { algorithms: ['RS256'] })).payload;
  } catch (cause) {
    throw new SbiSignatureError('BAD_SIGNATURE', `JWS signature does not verify: ${String(cause)}`);
  }
  let payload: T;
  try {
    payload = JSON.parse(Buffer.from(payloadBytes).toString('utf8')) as T;
  } catch {
    throw new SbiSignatureError('MALFORMED', 'JWS payload is not JSON');
  }
  return { payload, certificate, thumbprint: certificate.fingerprint256 };
}

/** Decodes an unsigned SBI payload (base64url JSON, or a JWS whose signature we do not check). */
export function decodeUnsignedPayload<T = unknown>(value: string): T {
  const parts = value.split('.');
  const body = parts.length === 3 ? parts[1]! : value;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    throw new SbiSignatureError('MALFORMED', 'unsigned SBI payload is not base64url JSON');
  }
}

/**
 * Receipts: the central system signs, with its receipt key, that it stored dossier D as the
 * ciphertext hashing to C (`signReceipt`, reference server). The station checks a receipt against
 * the central receipt key and against what it queued (`verifyReceipt`) before it may purge.
 */
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { SIGNATURE_ALG, TYP_RECEIPT } from './algorithms';
import { jsonBytes, parseJsonBytes, ReceiptClaims } from './claims';
import { installFastBase64 } from './fast-base64';

installFastBase64();

export interface ReceiptSubject {
  dossierId: string;
  stationId: string;
  ciphertextSha256: string;
}

export interface VerifiedReceipt extends ReceiptClaims {
  /** The receipt as received (compact JWS), kept as the station's proof of delivery. */
  jws: string;
}

export class ReceiptRejected extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(`receipt rejected: ${message}`, options);
    this.name = 'ReceiptRejected';
  }
}

export async function signReceipt(
  subject: ReceiptSubject,
  key: { receiptSigningKey: CryptoKey; receiptKid: string },
  options: { now?: () => Date } = {},
): Promise<string> {
  const now = options.now?.() ?? new Date();
  const claims: ReceiptClaims = ReceiptClaims.parse({
    ...subject,
    receivedAt: now.toISOString(),
    iat: Math.floor(now.getTime() / 1000),
  });
  return new CompactSign(jsonBytes(claims))
    .setProtectedHeader({ alg: SIGNATURE_ALG, kid: key.receiptKid, typ: TYP_RECEIPT })
    .sign(key.receiptSigningKey);
}

/** Throws ReceiptRejected unless `jws` is a central receipt for exactly `expected`. */
export async function verifyReceipt(
  jws: string,
  central: { receiptKey: CryptoKey; receiptKid: string },
  expected: ReceiptSubject,
): Promise<VerifiedReceipt> {
  let claims: ReceiptClaims;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.typ !== TYP_RECEIPT) throw new ReceiptRejected(`unexpected typ ${String(header.typ)}`);
    if (header.kid !== central.receiptKid) throw new ReceiptRejected('signed by an unknown key');
    const { payload } = await compactVerify(jws, central.receiptKey, { algorithms: [SIGNATURE_ALG] });
    claims = ReceiptClaims.parse(parseJsonBytes(payload));
  } catch (cause) {
    if (cause instanceof ReceiptRejected) throw cause;
    throw new ReceiptRejected('signature or claims invalid', { cause });
  }
  for (const field of ['dossierId', 'stationId', 'ciphertextSha256'] as const) {
    if (claims[field] !== expected[field])
      throw new ReceiptRejected(`${field} does not match the queued dossier`);
  }
  return { ...claims, jws };
}

/**
 * Receipts: the central system signs, with its receipt key, that it stored dossier D as the
 * ciphertext hashing to C (`signReceipt`, reference server). The station checks a receipt against
 * the central receipt key and against what it queued (`verifyReceipt`) before it may purge.
 * A receipt is one kind of central-signed document (central-document.ts).
 */
import { TYP_RECEIPT } from './algorithms';
import {
  CentralDocumentRejected,
  type CentralSigner,
  type CentralVerifier,
  signCentralDocument,
  verifyCentralDocument,
} from './central-document';
import { ReceiptClaims } from './claims';

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
  key: CentralSigner,
  options: { now?: () => Date } = {},
): Promise<string> {
  const now = options.now?.() ?? new Date();
  const claims = { ...subject, receivedAt: now.toISOString(), iat: Math.floor(now.getTime() / 1000) };
  return signCentralDocument(TYP_RECEIPT, ReceiptClaims, claims, key);
}

/** Throws ReceiptRejected unless `jws` is a central receipt for exactly `expected`. */
export async function verifyReceipt(
  jws: string,
  central: CentralVerifier,
  expected: ReceiptSubject,
): Promise<VerifiedReceipt> {
  let claims: ReceiptClaims;
  try {
    claims = await verifyCentralDocument(jws, TYP_RECEIPT, ReceiptClaims, central);
  } catch (cause) {
    // a wrong kind or an unknown key is said as such; a bad signature and bad claims are one case
    const named =
      cause instanceof CentralDocumentRejected && (cause.reason === 'typ' || cause.reason === 'unknown-key');
    throw new ReceiptRejected(named ? cause.message : 'signature or claims invalid', { cause });
  }
  for (const field of ['dossierId', 'stationId', 'ciphertextSha256'] as const) {
    if (claims[field] !== expected[field])
      throw new ReceiptRejected(`${field} does not match the queued dossier`);
  }
  return { ...claims, jws };
}

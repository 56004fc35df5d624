/**
 * How the store checks a central receipt without knowing any key: the sync host injects
 * sync/crypto's verifyReceipt bound to the central receipt key.
 */

export interface ReceiptSubject {
  dossierId: string;
  stationId: string;
  ciphertextSha256: string;
}

/** Resolves when `jws` is a valid central receipt for exactly this subject; rejects otherwise. */
export type ReceiptVerifier = (jws: string, subject: ReceiptSubject) => Promise<{ receivedAt: string }>;

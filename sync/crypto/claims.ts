/**
 * The signed statements of the sync protocol (JWS payloads), shared by station and central code.
 *  - attestation (station, inside the encryption): "station S produced dossier D whose container
 *    hashes to H" — proof of authorship of the plaintext, auditable after decryption.
 *  - dispatch (station, beside the ciphertext): "station S sends dossier D as the ciphertext that
 *    hashes to C" — authenticates the sender before anything is decrypted.
 *  - receipt (central): "the central system stored dossier D as the ciphertext that hashes to C".
 */
import { z } from 'zod';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const DossierId = z.uuidv7();

export const AttestationClaims = z.strictObject({
  dossierId: DossierId,
  stationId: z.string().min(1),
  kind: z.enum(['application', 'certification']),
  containerSha256: Sha256Hex,
  iat: z.number().int(),
});
export type AttestationClaims = z.infer<typeof AttestationClaims>;

export const DispatchClaims = z.strictObject({
  dossierId: DossierId,
  stationId: z.string().min(1),
  ciphertextSha256: Sha256Hex,
  ciphertextSize: z.number().int().positive(),
  iat: z.number().int(),
});
export type DispatchClaims = z.infer<typeof DispatchClaims>;

export const ReceiptClaims = z.strictObject({
  dossierId: DossierId,
  stationId: z.string().min(1),
  ciphertextSha256: Sha256Hex,
  receivedAt: z.iso.datetime(),
  iat: z.number().int(),
});
export type ReceiptClaims = z.infer<typeof ReceiptClaims>;

export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function parseJsonBytes(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/** SHA-256 helpers for dossier parts and containers (lower-case hex, as in manifests and receipts). */
import { createHash } from 'node:crypto';

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

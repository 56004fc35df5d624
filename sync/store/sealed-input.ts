/**
 * Guard at the outbox door: only a sealed dossier (a sealed envelope, sync/crypto/envelope.ts,
 * whose content key is JWE-encrypted to the central key, and whose hash matches) may be queued.
 * This keeps a caller from ever writing a clear dossier to disk by mistake.
 */
import { createHash } from 'node:crypto';
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT_ALG } from '../crypto/algorithms';
import { envelopeKeyHeader } from '../crypto/envelope';
import type { SealedDossier } from '../crypto/seal';
import { isUuidV7 } from '../dossier/uuid-v7';

export class NotSealedError extends Error {
  constructor(message: string) {
    super(`refusing to queue: ${message}`);
    this.name = 'NotSealedError';
  }
}

export function assertSealed(sealed: SealedDossier): void {
  if (!isUuidV7(sealed.dossierId)) throw new NotSealedError('dossier id is not a UUIDv7');
  let header: { alg?: unknown; enc?: unknown };
  try {
    header = envelopeKeyHeader(sealed.ciphertext);
  } catch {
    throw new NotSealedError('ciphertext is not a sealed envelope');
  }
  if (header.alg !== KEY_MANAGEMENT_ALG || header.enc !== CONTENT_ENCRYPTION) {
    throw new NotSealedError(`unexpected JWE algorithms ${String(header.alg)}/${String(header.enc)}`);
  }
  const bytes = sealed.ciphertext;
  if (createHash('sha256').update(bytes).digest('hex') !== sealed.ciphertextSha256) {
    throw new NotSealedError('ciphertext does not match its SHA-256');
  }
  if (sealed.dispatch.split('.').length !== 3) throw new NotSealedError('dispatch is not a compact JWS');
}

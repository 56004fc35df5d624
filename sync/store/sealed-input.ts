/**
 * Guard at the outbox door: only a sealed dossier (a JWE to the central key, whose hash matches)
 * may be queued. This keeps a caller from ever writing a clear dossier to disk by mistake.
 */
import { createHash } from 'node:crypto';
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT_ALG } from '../crypto/algorithms';
import type { SealedDossier } from '../crypto/seal';
import { isUuidV7 } from '../dossier/uuid-v7';

export class NotSealedError extends Error {
  constructor(message: string) {
    super(`refusing to queue: ${message}`);
    this.name = 'NotSealedError';
  }
}

const DOT = 0x2e;

export function assertSealed(sealed: SealedDossier): void {
  if (!isUuidV7(sealed.dossierId)) throw new NotSealedError('dossier id is not a UUIDv7');
  const bytes = sealed.ciphertext;
  const dots: number[] = [];
  for (let at = bytes.indexOf(DOT); at !== -1 && dots.length < 5; at = bytes.indexOf(DOT, at + 1))
    dots.push(at);
  if (dots.length !== 4) throw new NotSealedError('ciphertext is not a JWE compact serialization');
  let header: { alg?: unknown; enc?: unknown };
  try {
    header = JSON.parse(
      Buffer.from(Buffer.from(bytes.subarray(0, dots[0])).toString('latin1'), 'base64url').toString('utf8'),
    );
  } catch {
    throw new NotSealedError('JWE header is unreadable');
  }
  if (header.alg !== KEY_MANAGEMENT_ALG || header.enc !== CONTENT_ENCRYPTION) {
    throw new NotSealedError(`unexpected JWE algorithms ${String(header.alg)}/${String(header.enc)}`);
  }
  if (createHash('sha256').update(bytes).digest('hex') !== sealed.ciphertextSha256) {
    throw new NotSealedError('ciphertext does not match its SHA-256');
  }
  if (sealed.dispatch.split('.').length !== 3) throw new NotSealedError('dispatch is not a compact JWS');
}

/**
 * SBI capture hash chain — product core protocol. Each RCAPTURE result carries
 * `hash = UPPER_HEX(SHA-256(previousHash bytes ‖ SHA-256(ISO record)))`; the first previousHash of
 * a transaction is SHA-256 of the empty string, each next one the previous capture's `hash`. The
 * chain proves all captures of a transaction came from the same device session, in order.
 */
import { createHash } from 'node:crypto';

function sha256(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** SHA-256 of the empty UTF-8 string, upper-case hex: the first previousHash of a transaction. */
export const SBI_INITIAL_HASH = sha256(new Uint8Array(0)).toString('hex').toUpperCase();

function hashBytes(hexHash: string): Buffer {
  if (hexHash === '') return sha256(new Uint8Array(0));
  if (!/^[0-9a-fA-F]{64}$/.test(hexHash)) throw new RangeError('previousHash must be 64 hex digits');
  return Buffer.from(hexHash, 'hex');
}

export function chainHash(previousHash: string, isoRecord: Uint8Array): string {
  return sha256(Buffer.concat([hashBytes(previousHash), sha256(isoRecord)]))
    .toString('hex')
    .toUpperCase();
}

/** True when `hash` is the chain successor of `previousHash` for this ISO record. */
export function verifyChainLink(previousHash: string, isoRecord: Uint8Array, hash: string): boolean {
  try {
    return chainHash(previousHash, isoRecord) === hash.toUpperCase();
  } catch {
    return false;
  }
}

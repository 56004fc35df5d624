/**
 * How the station's private key is protected at rest. A KeyProtector turns the secret (the private
 * JWK as bytes) into an opaque blob and back; the key file stores the blob and the protector's name.
 * Implementations: `passphrase-protector.ts` (scrypt + AES-256-GCM), `safe-storage-protector.ts`
 * (an injected OS keychain such as Electron safeStorage).
 */

export interface KeyProtector {
  /** Recorded in the key file; loading refuses a file written by another protector. */
  readonly name: string;
  protect(secret: Uint8Array): Promise<Uint8Array>;
  /** Throws KeyProtectionError (wrong passphrase, unavailable keychain, altered blob). */
  unprotect(blob: Uint8Array): Promise<Uint8Array>;
}

export type KeyProtectionErrorCode =
  | 'passphrase-missing'
  | 'passphrase-too-short'
  | 'passphrase-wrong'
  | 'keychain-unavailable'
  | 'keychain-failed'
  | 'key-file-missing'
  | 'key-file-invalid'
  | 'key-file-exists';

/** Shown to the operator at startup or enrollment: the message is French. */
export class KeyProtectionError extends Error {
  constructor(
    readonly code: KeyProtectionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KeyProtectionError';
  }
}

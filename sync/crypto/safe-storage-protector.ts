/**
 * KeyProtector backed by an OS keychain, shaped after Electron's `safeStorage` (which the Electron
 * shell injects; this module does not import electron). On Linux, Electron falls back to a
 * hard-coded key ("basic_text") when no secret service is running: that is refused, because it
 * protects nothing.
 */
import { KeyProtectionError, type KeyProtector } from './key-protector';

/** The subset of Electron's safeStorage API used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export function safeStorageProtector(safeStorage: SafeStorageLike): KeyProtector {
  const ensureAvailable = () => {
    const backend = safeStorage.getSelectedStorageBackend?.();
    if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') {
      throw new KeyProtectionError(
        'keychain-unavailable',
        'Trousseau sécurisé du système indisponible : la clé du poste ne peut pas être protégée ni déverrouillée.',
      );
    }
  };
  return {
    name: 'os-keychain',
    async protect(secret) {
      ensureAvailable();
      // The secret is a JWK (ASCII JSON), so the string round-trip is lossless.
      return new Uint8Array(safeStorage.encryptString(Buffer.from(secret).toString('utf8')));
    },
    async unprotect(blob) {
      ensureAvailable();
      try {
        return new TextEncoder().encode(safeStorage.decryptString(Buffer.from(blob)));
      } catch (cause) {
        throw new KeyProtectionError(
          'keychain-failed',
          'Le trousseau sécurisé du système n’a pas pu déchiffrer la clé du poste.',
          { cause },
        );
      }
    },
  };
}

/**
 * Loads what the station's sync settings point at: the pinned CA and the mTLS client certificate
 * (PEM), the central's public keys (JWK files or inline), and the station's signing key unlocked
 * through its protector. Failures are SyncMaterialError with a French message naming the file.
 */
import { promises as fs } from 'node:fs';
import type { JWK } from 'jose';
import {
  type CentralRecipient,
  importCentralPublicKeys,
  type KeyProtector,
  loadStationKeys,
  PASSPHRASE_ENV,
  passphraseProtector,
  type SafeStorageLike,
  type StationKeys,
  safeStorageProtector,
} from '../crypto/station';
import { PublicJwk, type SyncSettings } from './settings';

export interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
}

export interface StationMaterial {
  tls: TlsMaterial;
  central: CentralRecipient;
  keys: StationKeys;
}

export class SyncMaterialError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SyncMaterialError';
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (cause) {
    throw new SyncMaterialError(`${what} illisible (${path}).`, { cause });
  }
}

async function readJwk(source: string | Record<string, unknown>, what: string): Promise<JWK> {
  let value: unknown = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(await readText(source, what));
    } catch (cause) {
      if (cause instanceof SyncMaterialError) throw cause;
      throw new SyncMaterialError(`${what} : fichier JWK invalide (${source}).`, { cause });
    }
  }
  const parsed = PublicJwk.safeParse(value);
  if (!parsed.success) throw new SyncMaterialError(`${what} : clé publique EC P-256 attendue.`);
  return parsed.data as JWK;
}

/** Reads a demo passphrase file, refusing one that others could read. */
async function readPassphraseFile(path: string): Promise<string> {
  const stat = await fs.stat(path).catch((cause) => {
    throw new SyncMaterialError(`Fichier de phrase de passe introuvable (${path}).`, { cause });
  });
  if ((stat.mode & 0o077) !== 0) {
    throw new SyncMaterialError(
      `Le fichier de phrase de passe ${path} est lisible par d’autres utilisateurs (droits attendus : 0600).`,
    );
  }
  return (await fs.readFile(path, 'utf8')).replace(/\r?\n$/, '');
}

export async function protectorFor(
  settings: SyncSettings['signingKey'],
  options: { safeStorage?: SafeStorageLike; env?: Record<string, string | undefined> } = {},
): Promise<KeyProtector> {
  if (settings.protector === 'os-keychain') {
    if (!options.safeStorage)
      throw new SyncMaterialError('Trousseau sécurisé du système indisponible dans ce processus.');
    return safeStorageProtector(options.safeStorage);
  }
  const env = options.env ?? process.env;
  if (settings.passphraseFile && !env[PASSPHRASE_ENV]) {
    return passphraseProtector({
      env: { [PASSPHRASE_ENV]: await readPassphraseFile(settings.passphraseFile) },
    });
  }
  return passphraseProtector({ env });
}

export async function loadTlsMaterial(settings: SyncSettings): Promise<TlsMaterial> {
  return {
    ca: await readText(settings.tls.ca, 'Certificat de l’autorité du système central'),
    cert: await readText(settings.tls.cert, 'Certificat du poste'),
    key: await readText(settings.tls.key, 'Clé du certificat du poste'),
  };
}

export async function loadCentralRecipient(settings: SyncSettings): Promise<CentralRecipient> {
  return importCentralPublicKeys({
    encryption: await readJwk(settings.centralKeys.encryption, 'Clé de chiffrement du système central'),
    receipts: await readJwk(settings.centralKeys.receipts, 'Clé de signature des accusés du système central'),
  });
}

/** Everything the station needs to seal, upload and check receipts (paths already resolved). */
export async function loadStationMaterial(
  settings: SyncSettings,
  options: { safeStorage?: SafeStorageLike; env?: Record<string, string | undefined> } = {},
): Promise<StationMaterial> {
  const [tls, central] = await Promise.all([loadTlsMaterial(settings), loadCentralRecipient(settings)]);
  const keys = await loadStationKeys({
    keyFile: settings.signingKey.file,
    protector: await protectorFor(settings.signingKey, options),
  });
  return { tls, central, keys };
}

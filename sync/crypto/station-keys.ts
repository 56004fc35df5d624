/**
 * The station's signing key pair (ES256): generated at enrollment by `createStationKeys`, the
 * private half stored only through a KeyProtector in a 0600 key file, loaded at start by
 * `loadStationKeys`. The public JWK and its RFC 7638 thumbprint (the `kid`) are what the central
 * system registers for the station.
 */
import { promises as fs } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { SIGNATURE_ALG } from './algorithms';
import { installFastBase64 } from './fast-base64';
import { writePrivateFile } from './key-file';
import { KeyProtectionError, type KeyProtector } from './key-protector';

installFastBase64();

const KEY_FILE_FORMAT = 'recueil-station-key';

const PublicJwk = z.looseObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
});

const KeyFile = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  v: z.literal(1),
  stationId: z.string().min(1),
  kid: z.string().min(1),
  publicJwk: PublicJwk,
  protector: z.string().min(1),
  protected: z.base64(),
});

export interface StationPublicKey {
  stationId: string;
  kid: string;
  publicJwk: JWK;
}

export interface StationKeys extends StationPublicKey {
  /** Non-extractable signing key. */
  privateKey: CryptoKey;
}

export interface CreateStationKeysOptions {
  stationId: string;
  keyFile: string;
  protector: KeyProtector;
  /** Replace an existing key file (re-enrollment). Default false: refuse. */
  overwrite?: boolean;
}

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}

/** Generates the station key pair and writes the protected key file; returns what to enroll. */
export async function createStationKeys(options: CreateStationKeysOptions): Promise<StationPublicKey> {
  const { privateKey } = await generateKeyPair(SIGNATURE_ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = publicPart(privateJwk);
  const kid = await calculateJwkThumbprint(publicJwk);
  const secret = new TextEncoder().encode(JSON.stringify(privateJwk));
  const blob = await options.protector.protect(secret);
  secret.fill(0);
  const file = {
    format: KEY_FILE_FORMAT,
    v: 1,
    stationId: options.stationId,
    kid,
    publicJwk,
    protector: options.protector.name,
    protected: Buffer.from(blob).toString('base64'),
  };
  try {
    await writePrivateFile(options.keyFile, new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`), {
      overwrite: options.overwrite ?? false,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new KeyProtectionError(
        'key-file-exists',
        `Une clé de poste existe déjà (${options.keyFile}) : elle n’a pas été remplacée.`,
      );
    }
    throw error;
  }
  return {
    stationId: options.stationId,
    kid,
    publicJwk: { ...publicJwk, kid, alg: SIGNATURE_ALG, use: 'sig' },
  };
}

/** Reads and unlocks the key file. Throws KeyProtectionError with a French message. */
export async function loadStationKeys(options: {
  keyFile: string;
  protector: KeyProtector;
}): Promise<StationKeys> {
  let text: string;
  try {
    text = await fs.readFile(options.keyFile, 'utf8');
  } catch (cause) {
    throw new KeyProtectionError(
      'key-file-missing',
      `Clé du poste introuvable (${options.keyFile}) : enrôlez le poste.`,
      {
        cause,
      },
    );
  }
  const parsed = KeyFile.safeParse(
    (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success) {
    throw new KeyProtectionError(
      'key-file-invalid',
      `Fichier de clé du poste illisible ou altéré (${options.keyFile}).`,
    );
  }
  const file = parsed.data;
  if (file.protector !== options.protector.name) {
    throw new KeyProtectionError(
      'key-file-invalid',
      `Le fichier de clé du poste est protégé par « ${file.protector} », pas par « ${options.protector.name} ».`,
    );
  }
  const secret = await options.protector.unprotect(Buffer.from(file.protected, 'base64'));
  let privateJwk: JWK;
  try {
    privateJwk = JSON.parse(Buffer.from(secret).toString('utf8')) as JWK;
  } finally {
    secret.fill(0);
  }
  // The unlocked private key must belong to the public key (and kid) recorded beside it.
  const kid = await calculateJwkThumbprint(publicPart(privateJwk));
  if (kid !== file.kid || privateJwk.x !== file.publicJwk.x || privateJwk.y !== file.publicJwk.y) {
    throw new KeyProtectionError(
      'key-file-invalid',
      'La clé privée ne correspond pas à la clé publique enregistrée.',
    );
  }
  const privateKey = (await importJWK(privateJwk, SIGNATURE_ALG, { extractable: false })) as CryptoKey;
  privateJwk.d = undefined;
  return {
    stationId: file.stationId,
    kid,
    publicJwk: { ...file.publicJwk, kid, alg: SIGNATURE_ALG, use: 'sig' } as JWK,
    privateKey,
  };
}

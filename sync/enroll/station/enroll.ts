/**
 * `recueil enroll --central URL --code CODE`: enrolls this station with the central system.
 * Generates the signing key (protected at rest by the key protector) and the TLS key, sends a
 * PKCS#10 request with a proof of the one-time code bound to the server certificate it sees,
 * checks the answer's MAC, then stores the client certificate, the pinned CA and central public
 * keys beside the configuration and writes the `central` section of station.json.
 * Errors are EnrollError with a French message; nothing is written before the central agrees
 * (the new signing key is kept under a temporary name until then).
 */
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { KeyProtectionError, PASSPHRASE_ENV, passphraseProtector } from '../../crypto/station';
import { createStationKeys } from '../../crypto/station-keys';
import { createCsr } from '../../pki/csr';
import {
  codeKey,
  ENROLL_PATH,
  EnrollPayload,
  EnrollResponse,
  normalizeCode,
  requestProof,
  responseMac,
  sameMac,
} from '../protocol';
import { REVOKED_MARKER, readJsonIfExists, writeAtomic, writePrivate } from './files';
import { EnrollConnectError, openPinned, postJson } from './https';

export class EnrollError extends Error {
  constructor(
    message: string,
    readonly code = 'enroll-failed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EnrollError';
  }
}

const ERROR_MESSAGES: Record<string, string> = {
  'enrollment-code-invalid': 'Code d’enrôlement refusé par le système central (code inconnu ou mal saisi).',
  'enrollment-code-used': 'Ce code d’enrôlement a déjà été utilisé : demandez un nouveau code.',
  'enrollment-code-expired': 'Ce code d’enrôlement a expiré : demandez un nouveau code.',
  'station-exists': 'Un poste portant cet identifiant est déjà enrôlé au système central.',
  'station-id-required':
    'Le code ne désigne aucun poste et la configuration ne donne pas d’identifiant de poste.',
  'station-id-mismatch': 'Ce code d’enrôlement est réservé à un autre poste que celui de la configuration.',
  'too-many-attempts': 'Trop de tentatives d’enrôlement échouées : réessayez plus tard.',
};

export interface EnrollOptions {
  /** URL of the central's enrollment service (`enrollment <url>` printed by `central serve`). */
  centralUrl: string;
  code: string;
  /** station.json (created when absent: then `townHall` is required). */
  configFile: string;
  /** Folder for the certificates and keys (default: `enrollment/` beside the configuration). */
  dir?: string;
  /** PEM file of the CA that must have issued the enrollment server's certificate. */
  caFile?: string;
  /** Expected SHA-256 fingerprint of the enrollment server's certificate. */
  fingerprint?: string;
  /** DEMO ONLY: a 0600 passphrase file (created with a random passphrase when absent). */
  passphraseFile?: string;
  townHall?: { name: string; inseeCode: string };
  /** Replace an existing enrollment. */
  force?: boolean;
  env?: Record<string, string | undefined>;
  scryptCost?: { N: number; r: number; p: number };
}

export interface EnrollResult {
  stationId: string;
  url: string;
  notAfter: string;
  configFile: string;
  serverFingerprint: string;
}

async function passphraseSource(
  options: EnrollOptions,
  existing: Record<string, unknown> | undefined,
  baseDir: string,
): Promise<{ env: Record<string, string | undefined>; file?: string }> {
  const env = options.env ?? process.env;
  if (env[PASSPHRASE_ENV]) return { env };
  const configured = (existing?.central as { signingKey?: { passphraseFile?: string } } | undefined)
    ?.signingKey?.passphraseFile;
  const file = options.passphraseFile
    ? resolve(options.passphraseFile)
    : configured
      ? resolve(baseDir, configured)
      : undefined;
  if (!file)
    throw new EnrollError(
      `Phrase de passe de la clé du poste absente : définissez ${PASSPHRASE_ENV} (au moins 12 caractères).`,
      'passphrase-missing',
    );
  let passphrase: string;
  try {
    passphrase = (await fs.readFile(file, 'utf8')).replace(/\r?\n$/, '');
  } catch {
    passphrase = randomBytes(24).toString('base64url');
    await writePrivate(file, `${passphrase}\n`);
  }
  return { env: { [PASSPHRASE_ENV]: passphrase }, file };
}

function explain(status: number, body: Record<string, unknown>): EnrollError {
  const code = typeof body.error === 'string' ? body.error : `http-${status}`;
  const message =
    ERROR_MESSAGES[code] ??
    `Enrôlement refusé par le système central (HTTP ${status}${typeof body.message === 'string' ? ` : ${body.message}` : ''}).`;
  return new EnrollError(message, code);
}

export async function enrollStation(options: EnrollOptions): Promise<EnrollResult> {
  const code = normalizeCode(options.code);
  if (!code)
    throw new EnrollError(
      'Code d’enrôlement mal formé : 20 caractères attendus (ex. ABCD-EFGH-JKMN-PQRS-TVWX).',
      'code-malformed',
    );
  let url: URL;
  try {
    url = new URL(options.centralUrl);
    if (url.protocol !== 'https:') throw new Error('https');
  } catch {
    throw new EnrollError(`--central : URL https:// attendue, reçu « ${options.centralUrl} ».`, 'bad-url');
  }
  const configFile = resolve(options.configFile);
  const baseDir = dirname(configFile);
  const existing = await readJsonIfExists(configFile);
  if (!existing && !options.townHall)
    throw new EnrollError(
      `${configFile} n’existe pas : créez la configuration du poste (identifiant, mairie) ou donnez --town-hall et --insee.`,
      'config-missing',
    );
  if (existing?.central && !options.force)
    throw new EnrollError(
      `Le poste décrit par ${configFile} est déjà enrôlé (section « central ») : utilisez --force pour le ré-enrôler.`,
      'already-enrolled',
    );
  const configuredId = (existing?.station as { id?: unknown } | undefined)?.id;
  const requestedId = typeof configuredId === 'string' ? configuredId : undefined;
  const dir = resolve(options.dir ?? join(baseDir, 'enrollment'));
  const ca = options.caFile ? await fs.readFile(options.caFile, 'utf8').catch(() => undefined) : undefined;
  if (options.caFile && !ca)
    throw new EnrollError(`--ca : fichier illisible (${options.caFile}).`, 'ca-unreadable');
  const passphrase = await passphraseSource(options, existing, baseDir);

  // Keys first (a wrong passphrase fails before the code is spent), under a temporary name.
  const pendingKey = join(dir, 'signing-key.pending.json');
  let signing: Awaited<ReturnType<typeof createStationKeys>>;
  try {
    signing = await createStationKeys({
      stationId: requestedId ?? 'pending',
      keyFile: pendingKey,
      protector: passphraseProtector({
        env: passphrase.env,
        ...(options.scryptCost ? { cost: options.scryptCost } : {}),
      }),
      overwrite: true,
    });
  } catch (error) {
    if (error instanceof KeyProtectionError)
      throw new EnrollError(error.message, error.code, { cause: error });
    throw error;
  }
  const tls = await createCsr(requestedId ?? 'recueil-station');

  let connection: Awaited<ReturnType<typeof openPinned>>;
  try {
    connection = await openPinned(url, {
      ...(ca ? { ca } : {}),
      ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    });
  } catch (error) {
    await fs.rm(pendingKey, { force: true });
    if (error instanceof EnrollConnectError)
      throw new EnrollError(error.message, 'unreachable', { cause: error });
    throw error;
  }
  const key = codeKey(code);
  const enrollUrl = new URL(ENROLL_PATH, url);
  const answer = await postJson(connection, enrollUrl, {
    codeProof: requestProof(key, connection.fingerprint, tls.csr, signing.kid),
    csr: tls.csr,
    signingJwk: {
      kty: signing.publicJwk.kty,
      crv: signing.publicJwk.crv,
      x: signing.publicJwk.x,
      y: signing.publicJwk.y,
    },
    ...(requestedId ? { stationId: requestedId } : {}),
  }).catch(async (error: unknown) => {
    await fs.rm(pendingKey, { force: true });
    throw new EnrollError((error as Error).message, 'unreachable', { cause: error });
  });
  if (answer.status !== 200) {
    await fs.rm(pendingKey, { force: true });
    throw explain(answer.status, answer.body);
  }

  const envelope = EnrollResponse.safeParse(answer.body);
  if (!envelope.success || !sameMac(responseMac(key, envelope.data.payload), envelope.data.mac))
    throw new EnrollError(
      'Réponse d’enrôlement non authentifiée (MAC invalide) : connexion refusée par sécurité.',
      'response-unauthenticated',
    );
  const parsed = EnrollPayload.safeParse(JSON.parse(envelope.data.payload));
  if (!parsed.success)
    throw new EnrollError('Réponse d’enrôlement inattendue du système central.', 'protocol-error');
  const payload = parsed.data;
  if (requestedId && payload.stationId !== requestedId)
    throw new EnrollError(
      `Le système central a enrôlé ${payload.stationId} au lieu de ${requestedId}.`,
      'protocol-error',
    );
  // The certificate must be ours (our TLS key), name the station, and come from the station CA;
  // the server we talked to must chain to the CA we are about to pin.
  const certificate = new X509Certificate(payload.certificate);
  const ours = certificate.checkPrivateKey(createPrivateKey(tls.key));
  const stationCa = new X509Certificate(payload.stationCa);
  const serverCa = new X509Certificate(payload.serverCa);
  if (!ours || !certificate.verify(stationCa.publicKey) || !connection.certificate.verify(serverCa.publicKey))
    throw new EnrollError(
      'Certificats reçus incohérents : enrôlement abandonné par sécurité.',
      'protocol-error',
    );

  const p = (name: string) => join(dir, name);
  const rel = (path: string) => relative(baseDir, path) || '.';
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await writeAtomic(p('client.pem'), payload.certificate);
  await writePrivate(p('client-key.pem'), tls.key);
  await writeAtomic(p('central-ca.pem'), payload.serverCa);
  await writeAtomic(p('station-ca.pem'), payload.stationCa);
  await writeAtomic(
    p('central-encryption.jwk.json'),
    `${JSON.stringify(payload.centralKeys.encryption, null, 2)}\n`,
  );
  await writeAtomic(
    p('central-receipts.jwk.json'),
    `${JSON.stringify(payload.centralKeys.receipts, null, 2)}\n`,
  );
  // The key file records the station id: rewrite the pending one if the id was assigned.
  const keyText = JSON.parse(await fs.readFile(pendingKey, 'utf8')) as { stationId: string };
  keyText.stationId = payload.stationId;
  await writePrivate(p('signing-key.json'), `${JSON.stringify(keyText, null, 2)}\n`);
  await fs.rm(pendingKey, { force: true });
  await fs.rm(p(REVOKED_MARKER), { force: true });

  const previous = (existing?.central ?? {}) as Record<string, unknown>;
  const keep = Object.fromEntries(
    Object.entries(previous).filter(([k]) => ['upload', 'retry', 'retentionDays', 'minFreeMb'].includes(k)),
  );
  const config = {
    ...(existing ?? {
      station: { id: payload.stationId, townHall: options.townHall },
      dataDir: 'data',
      devices: { mode: 'simulated' },
    }),
    central: {
      ...keep,
      url: payload.url,
      tls: { ca: rel(p('central-ca.pem')), cert: rel(p('client.pem')), key: rel(p('client-key.pem')) },
      centralKeys: {
        encryption: rel(p('central-encryption.jwk.json')),
        receipts: rel(p('central-receipts.jwk.json')),
      },
      signingKey: {
        file: rel(p('signing-key.json')),
        protector: 'passphrase',
        ...(passphrase.file ? { passphraseFile: rel(passphrase.file) } : {}),
      },
    },
  } as Record<string, unknown>;
  (config.station as Record<string, unknown>).id = payload.stationId;
  await writeAtomic(configFile, `${JSON.stringify(config, null, 2)}\n`);
  return {
    stationId: payload.stationId,
    url: payload.url,
    notAfter: payload.notAfter,
    configFile,
    serverFingerprint: connection.fingerprint,
  };
}

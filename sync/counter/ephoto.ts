/**
 * The station's client of the e-photo provider (wire: sync/protocol/ephoto.ts), over the counter
 * services' mutual-TLS link. A code is checked (length, alphabet, check characters) before anything
 * is sent; the provider's answer is checked in full before the photo is believed: its shape, the
 * provider's ES256 signature against the pinned key (`counter.ephotoProvider`), the code and dates
 * it signs, and the SHA-256 of the portrait and the signature it carries. Every refusal is an
 * EphotoRefused with a stable reason and the agent's French sentence; network failures stay
 * CounterServiceError (offline, timeout, server error). Nothing is written to disk here: the
 * portrait goes to the caller in memory, and from there into the sealed draft.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EPHOTO_CODE_MESSAGES, parseEphotoCode } from '../../common/domain/ephoto-code';
import { CentralDocumentRejected, verifyCentralDocument } from '../crypto/central-document';
import { importProviderPublicKey, type ProviderVerifier } from '../crypto/provider-key';
import {
  EPHOTO_MAX_PHOTO_BYTES,
  EphotoAnswer,
  EphotoClaims,
  ephotoPath,
  TYP_EPHOTO,
} from '../protocol/ephoto';
import { readAnswer } from './answers';
import { type CounterLink, call } from './client';
import { CounterServiceError, failureMessage } from './errors';

export type EphotoRefusalReason =
  | 'format'
  | 'check'
  | 'unknown'
  | 'used'
  | 'expired'
  | 'signature'
  | 'not-configured';

export class EphotoRefused extends Error {
  constructor(
    readonly reason: EphotoRefusalReason,
    readonly messageFr: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'EphotoRefused';
  }
}

/** A record the provider signed, checked: what the station may use. */
export interface VerifiedEphoto {
  code: string;
  provider: string;
  takenAt: string;
  expiresAt: string;
  /** The portrait (JPEG) and the applicant's signature (PNG), in memory only. */
  photo: Uint8Array;
  signature: Uint8Array;
}

const frDate = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }) : 'une date inconnue';

export const EPHOTO_REFUSAL_MESSAGES = {
  unknown:
    'Code e-photo inconnu du service : vérifiez la saisie, ou utilisez la photo papier ou la capture au guichet.',
  used: (usedAt?: string) =>
    `Ce code e-photo a déjà servi (le ${frDate(usedAt)}) : il n’est valable que pour une demande. Le demandeur doit refaire une photo, ou apporter une photo papier.`,
  expired: (expiresAt?: string) =>
    `Ce code e-photo a expiré le ${frDate(expiresAt)} (il est valable 6 mois après la prise de vue) : le demandeur doit refaire une photo.`,
  signature:
    'La photo reçue pour ce code n’est pas authentique (signature du prestataire invalide) : elle est refusée. Utilisez la photo papier ou la capture, et signalez-le à l’assistance.',
  'not-configured':
    'Le service e-photo n’est pas configuré sur ce poste (clé du prestataire absente) : utilisez la photo papier ou la capture, et contactez l’assistance.',
} as const;

/** The compacted code, or an EphotoRefused (format / check) naming what is wrong. */
export function checkedEphotoCode(input: string): string {
  const { code, problem } = parseEphotoCode(input);
  if (problem) throw new EphotoRefused(problem, EPHOTO_CODE_MESSAGES[problem], `${problem}: ${input}`);
  return code;
}

/** The pinned provider key of the link's station.json, or an EphotoRefused (not-configured). */
export async function pinnedProviderKey(link: CounterLink): Promise<ProviderVerifier> {
  const file = link.ephotoProviderKey;
  const refuse = (detail: string) =>
    new EphotoRefused('not-configured', EPHOTO_REFUSAL_MESSAGES['not-configured'], detail);
  if (!file) throw refuse('counter.ephotoProvider is not set in station.json');
  let jwk: unknown;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw refuse(`cannot read the provider key ${file}: ${(error as Error).message}`);
  }
  try {
    return await importProviderPublicKey(jwk);
  } catch (error) {
    throw refuse(`the provider key ${file} is not a public P-256 JWK: ${(error as Error).message}`);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function protocolError(detail: string): CounterServiceError {
  return new CounterServiceError('ephoto', 'protocol', failureMessage('ephoto', 'protocol'), detail);
}

/**
 * What the provider's answer `body` for `code` means: the verified record, or a refusal (unknown,
 * used, expired, signature) or a protocol error for an answer of the wrong shape. Pure but for the
 * clock; fuzzed.
 */
export async function verifyEphotoAnswer(
  code: string,
  body: unknown,
  provider: ProviderVerifier,
  now = new Date(),
): Promise<VerifiedEphoto> {
  const shaped = EphotoAnswer.safeParse(body);
  if (!shaped.success) throw protocolError(shaped.error.message);
  const answer = shaped.data;
  if (answer.code !== code) throw protocolError(`answer for ${answer.code}, asked ${code}`);
  if (answer.state === 'unknown')
    throw new EphotoRefused('unknown', EPHOTO_REFUSAL_MESSAGES.unknown, 'unknown code');
  if (answer.state === 'used')
    throw new EphotoRefused('used', EPHOTO_REFUSAL_MESSAGES.used(answer.usedAt), `used ${answer.usedAt}`);
  if (answer.state === 'expired')
    throw new EphotoRefused(
      'expired',
      EPHOTO_REFUSAL_MESSAGES.expired(answer.expiresAt),
      `expired ${answer.expiresAt}`,
    );
  if (!answer.record) throw protocolError('a valid code without its record');
  const forged = (detail: string) =>
    new EphotoRefused('signature', EPHOTO_REFUSAL_MESSAGES.signature, detail);
  let claims: EphotoClaims;
  try {
    claims = await verifyCentralDocument(answer.record.jws, TYP_EPHOTO, EphotoClaims, provider);
  } catch (error) {
    if (error instanceof CentralDocumentRejected) throw forged(`${error.reason}: ${error.message}`);
    throw error;
  }
  if (claims.code !== code) throw forged(`the signed record is for ${claims.code}`);
  const photo = Buffer.from(answer.record.photoBase64, 'base64');
  const signature = Buffer.from(answer.record.signatureBase64, 'base64');
  if (photo.length > EPHOTO_MAX_PHOTO_BYTES) throw protocolError('photo too large');
  if (sha256(photo) !== claims.photo.sha256) throw forged('the photo is not the one signed');
  if (sha256(signature) !== claims.signature.sha256)
    throw forged('the signature image is not the one signed');
  if (new Date(claims.expiresAt).getTime() <= now.getTime())
    throw new EphotoRefused(
      'expired',
      EPHOTO_REFUSAL_MESSAGES.expired(claims.expiresAt),
      `signed expiry ${claims.expiresAt}`,
    );
  return {
    code,
    provider: claims.provider,
    takenAt: claims.takenAt,
    expiresAt: claims.expiresAt,
    photo: new Uint8Array(photo),
    signature: new Uint8Array(signature),
  };
}

/** The largest answer a record may make (its images in base64 and the JWS). */
const MAX_RECORD_ANSWER_BYTES = 12 * 1024 * 1024;

/** Fetches and verifies the record of `input` (typed or scanned). */
export async function fetchEphoto(
  link: CounterLink,
  input: string,
  now = new Date(),
): Promise<VerifiedEphoto> {
  const code = checkedEphotoCode(input);
  const provider = await pinnedProviderKey(link);
  const answer = await call(link, 'ephoto', 'GET', ephotoPath(code), {}, MAX_RECORD_ANSWER_BYTES);
  return verifyEphotoAnswer(code, readAnswer('ephoto', answer, z.unknown()), provider, now);
}

/** Marks the code used at submit; the answer's state is `used` afterwards (expired: not marked). */
export async function markEphotoUsed(link: CounterLink, input: string): Promise<EphotoAnswer> {
  const code = checkedEphotoCode(input);
  const answer = await call(link, 'ephoto', 'POST', `${ephotoPath(code)}/use`);
  if (answer.status === 404)
    throw new EphotoRefused('unknown', EPHOTO_REFUSAL_MESSAGES.unknown, 'unknown code');
  return readAnswer('ephoto', answer, EphotoAnswer);
}

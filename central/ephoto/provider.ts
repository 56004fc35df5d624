/**
 * The simulated e-photo provider the reference central hosts (issue 18 C): what an approved photo
 * booth or photographer's server does when it deposits a photo. It draws a code (20 random
 * characters and the two check characters of common/domain/ephoto-code.ts), signs the record with
 * the provider's own ES256 key (`ephoto.signingKey` in central.json, never the central's receipt
 * key) and stores it (central/store/ephoto.ts). Test states: used, expired (taken seven months
 * ago), forged (signed by another key under the provider's kid) and tampered (the photo changed
 * after signing).
 */
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { EPHOTO_CODE_LENGTH, ephotoCheckChars } from '../../common/domain/ephoto-code';
import { signCentralDocument } from '../../sync/crypto/central-document';
import { createProviderKey, importProviderSigner, type ProviderSigner } from '../../sync/crypto/provider-key';
import {
  type EphotoClaims,
  EphotoClaims as EphotoClaimsSchema,
  TYP_EPHOTO,
} from '../../sync/protocol/ephoto';
import { sixMonthsAfter } from '../store/counter-services';
import type { EphotoStore } from '../store/ephoto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const EPHOTO_ISSUE_STATES = ['valid', 'used', 'expired', 'forged', 'tampered'] as const;
export type EphotoIssueState = (typeof EPHOTO_ISSUE_STATES)[number];

export const SIMULATED_PROVIDER = 'Cabine agréée simulée (Recueil)';

export function newEphotoCode(): string {
  let body = '';
  for (let i = 0; i < EPHOTO_CODE_LENGTH - 2; i++) body += ALPHABET[randomInt(36)];
  return body + ephotoCheckChars(body);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface IssuedEphoto {
  code: string;
  state: EphotoIssueState;
  provider: string;
  takenAt: string;
  expiresAt: string;
}

export class EphotoProvider {
  constructor(
    private readonly signer: ProviderSigner,
    private readonly store: () => EphotoStore,
    readonly name = SIMULATED_PROVIDER,
  ) {}

  /** The provider of `central.json`'s `ephoto` section (its private JWK file). */
  static async fromKeyFile(file: string, store: () => EphotoStore, name?: string): Promise<EphotoProvider> {
    const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    return new EphotoProvider(await importProviderSigner(jwk), store, name);
  }

  /** Deposits a JPEG portrait and a PNG signature; returns the new code. */
  async issue(
    photo: Uint8Array,
    signature: Uint8Array,
    state: EphotoIssueState = 'valid',
    now = new Date(),
  ): Promise<IssuedEphoto> {
    const code = newEphotoCode();
    const taken = new Date(now.getTime() - 60_000);
    if (state === 'expired') taken.setUTCMonth(taken.getUTCMonth() - 7);
    const claims: EphotoClaims = {
      code,
      provider: this.name,
      takenAt: taken.toISOString(),
      expiresAt: sixMonthsAfter(taken).toISOString(),
      photo: { mediaType: 'image/jpeg', sha256: sha256(photo) },
      signature: { mediaType: 'image/png', sha256: sha256(signature) },
    };
    const signer =
      state === 'forged'
        ? {
            ...(await importProviderSigner((await createProviderKey()).privateJwk)),
            receiptKid: this.signer.receiptKid,
          }
        : this.signer;
    const jws = await signCentralDocument(TYP_EPHOTO, EphotoClaimsSchema, claims, signer);
    const stored = state === 'tampered' ? tamper(photo) : photo;
    this.store().deposit({
      code,
      takenAt: claims.takenAt,
      expiresAt: claims.expiresAt,
      jws,
      photo: stored,
      signature,
      ...(state === 'used' ? { usedAt: now.toISOString() } : {}),
    });
    return { code, state, provider: this.name, takenAt: claims.takenAt, expiresAt: claims.expiresAt };
  }
}

/** The same JPEG with one byte of its entropy-coded data changed (still decodable, no longer signed). */
function tamper(photo: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(photo);
  let at = Math.floor(copy.length * 0.7);
  // A byte of 0xFE/0xFF or next to a marker would make a marker or break one.
  while (at < copy.length - 2 && (copy[at]! >= 0xfe || copy[at - 1] === 0xff || copy[at + 1] === 0xff)) at++;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

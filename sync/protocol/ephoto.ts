/**
 * The e-photo provider's wire, shared by the station's client (sync/counter/ephoto.ts) and the
 * simulated provider the reference central hosts (central/server/ephoto-routes.ts), over the same
 * mutual-TLS link as the dossiers:
 *
 *   GET  /v1/ephoto/<code>      200 EphotoAnswer: state valid (with the record), used, expired or unknown
 *   POST /v1/ephoto/<code>/use  200 EphotoAnswer: the code is used from now on (at submit; a second
 *                               call changes nothing), 404 for an unknown code
 *
 * The record is what an approved booth or photographer deposited: the portrait (JPEG) and the
 * applicant's signature (PNG), and a compact ES256 JWS of the provider (`typ` TYP_EPHOTO, signed
 * with the provider's own key, never the central's receipt key) over EphotoClaims, which bind the
 * code, the dates and the SHA-256 of both images. The station pins the provider's public key.
 */
import { z } from 'zod';

export const EPHOTO_PATH = '/v1/ephoto';
export const ephotoPath = (code: string) => `${EPHOTO_PATH}/${encodeURIComponent(code)}`;

/** `typ` of the provider's record signature. */
export const TYP_EPHOTO = 'recueil-ephoto+jwt';

/** The largest portrait and signature a record may carry (bytes, before base64). */
export const EPHOTO_MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const EPHOTO_MAX_SIGNATURE_BYTES = 1024 * 1024;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Code = z.string().regex(/^[0-9A-Z]{22}$/);
const Instant = z.iso.datetime({ offset: true });

/** What the provider signs. */
export const EphotoClaims = z.strictObject({
  code: Code,
  /** The approved booth or photographer that took the photo. */
  provider: z.string().min(1).max(120),
  /** When the photo was taken; the code is valid six months from then. */
  takenAt: Instant,
  expiresAt: Instant,
  photo: z.strictObject({ mediaType: z.literal('image/jpeg'), sha256: Sha256Hex }),
  signature: z.strictObject({ mediaType: z.literal('image/png'), sha256: Sha256Hex }),
});
export type EphotoClaims = z.infer<typeof EphotoClaims>;

const base64Within = (bytes: number) =>
  z
    .string()
    .max(Math.ceil(bytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const EphotoRecord = z.strictObject({
  jws: z.string().min(1).max(4096),
  photoBase64: base64Within(EPHOTO_MAX_PHOTO_BYTES).min(4),
  signatureBase64: base64Within(EPHOTO_MAX_SIGNATURE_BYTES).min(4),
});
export type EphotoRecord = z.infer<typeof EphotoRecord>;

export const EphotoState = z.enum(['valid', 'used', 'expired', 'unknown']);
export type EphotoState = z.infer<typeof EphotoState>;

export const EphotoAnswer = z.strictObject({
  code: Code,
  state: EphotoState,
  expiresAt: Instant.optional(),
  usedAt: Instant.optional(),
  /** Only for a valid code. */
  record: EphotoRecord.optional(),
});
export type EphotoAnswer = z.infer<typeof EphotoAnswer>;

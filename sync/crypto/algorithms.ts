/**
 * The algorithms and media types of the sync envelope, in one place so that station and central
 * code cannot drift apart. Every verification passes these as explicit allow-lists.
 */

/** Station and central signatures: ECDSA P-256 with SHA-256. */
export const SIGNATURE_ALG = 'ES256';
/** Key agreement to the central system's public key: ephemeral-static ECDH on P-256, AES-256 key wrap. */
export const KEY_MANAGEMENT_ALG = 'ECDH-ES+A256KW';
export const KEY_AGREEMENT_CURVE = 'P-256';
/** Content encryption. */
export const CONTENT_ENCRYPTION = 'A256GCM';

/** `typ` of each kind of JWS, so one can never be passed off as another. */
export const TYP_ATTESTATION = 'recueil-attestation+jwt';
export const TYP_DISPATCH = 'recueil-dispatch+jwt';
export const TYP_RECEIPT = 'recueil-receipt+jwt';
/** Central -> station messages (status, complement requests, titles available). */
export const TYP_MESSAGE = 'recueil-message+jwt';
/** Signed configuration and master data pushed by the central system. */
export const TYP_CONFIG = 'recueil-config+jwt';
/** `cty` of a format-1 JWE (accepted by the central side only): its plaintext is a sealed-dossier frame. */
export const CTY_SEALED_DOSSIER = 'application/vnd.recueil.sealed-dossier';

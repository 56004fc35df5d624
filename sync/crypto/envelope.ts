/**
 * The sealed envelope (format 2): what the station stores and uploads, and the central decrypts.
 * The content key is encrypted with JWE (jose, ECDH-ES+A256KW to the central key); the payload is
 * encrypted with AES-256-GCM under that key and stays BINARY.
 *
 *   offset 0        8 bytes  magic "RCQENV\0" + format version 0x02
 *   offset 8        4 bytes  length K of the key JWE, unsigned big-endian (K <= 4096)
 *   offset 12       K bytes  key JWE, compact serialization (ASCII): protected header
 *                            { alg: ECDH-ES+A256KW, enc: A256GCM, kid: central encryption kid,
 *                            cty: "jwk+json" }, plaintext = the content key as a JWK
 *                            { kty: "oct", alg: "A256GCM", k } (RFC 7517 section 7, encrypted JWK)
 *   offset 12+K     12 bytes IV (random)
 *   then            N bytes  AES-256-GCM ciphertext of the sealed-dossier frame (sealed-frame.ts)
 *   last            16 bytes GCM authentication tag
 *   AAD = the 12+K+12 bytes before the ciphertext (magic, length, key JWE, IV).
 *
 * Why not a JWE compact serialization of the whole frame (format 1, still accepted by the central
 * side): the compact form base64url-encodes the 3 MB ciphertext, so the stored and uploaded bytes
 * grow by a third, and sealing and opening pay for the encoding, the big strings and the WebCrypto
 * copies (~60 ms to seal a 3 MB dossier here versus ~10 ms now). The cryptography is the same as
 * JWE ECDH-ES+A256KW/A256GCM: a fresh random 256-bit content key per dossier, wrapped by jose to
 * the central key through an ephemeral ECDH agreement; AES-256-GCM with a fresh random 96-bit IV;
 * everything in front of the ciphertext is authenticated as AAD, so no header byte can be swapped.
 * The station drops the content key after use and cannot decrypt what it sealed.
 * Binary layout, tag last: the central can decrypt as a stream (setAuthTag before final).
 */
import { createCipheriv, createDecipheriv, createHash, type DecipherGCM, randomBytes } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { CONTENT_ENCRYPTION, KEY_MANAGEMENT_ALG } from './algorithms';
import type { CentralRecipient } from './central-keys';

export const ENVELOPE_MAGIC = Buffer.from([0x52, 0x43, 0x51, 0x45, 0x4e, 0x56, 0x00, 0x02]); // "RCQENV\0" v2
/** `cty` of the key JWE: its plaintext is a JWK (the content key). */
export const CTY_CONTENT_KEY = 'jwk+json';
const PREFIX = ENVELOPE_MAGIC.length + 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes that say how long the authenticated head is (magic + key JWE length). */
export const ENVELOPE_PREFIX_BYTES = PREFIX;
export const ENVELOPE_TAG_BYTES = TAG_BYTES;
const KEY_BYTES = 32;
const MAX_KEY_JWE = 4096;

export class EnvelopeFormatError extends Error {
  constructor(message: string) {
    super(`malformed sealed envelope: ${message}`);
    this.name = 'EnvelopeFormatError';
  }
}

export function isEnvelope(bytes: Uint8Array): boolean {
  return bytes.length >= PREFIX && ENVELOPE_MAGIC.every((byte, i) => bytes[i] === byte);
}

export interface EnvelopeLayout {
  keyJwe: string;
  /** Bytes authenticated as AAD (everything before the ciphertext). */
  aadLength: number;
  iv: Uint8Array;
  ciphertextLength: number;
}

/** Splits an envelope (or just its first bytes: the layout needs `totalLength` when they are partial). */
export function envelopeLayout(bytes: Uint8Array, totalLength = bytes.length): EnvelopeLayout {
  if (!isEnvelope(bytes)) throw new EnvelopeFormatError('bad magic or unsupported version');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const keyLength = view.getUint32(ENVELOPE_MAGIC.length);
  if (keyLength === 0 || keyLength > MAX_KEY_JWE) throw new EnvelopeFormatError('bad key length');
  const aadLength = PREFIX + keyLength + IV_BYTES;
  if (aadLength > bytes.length || aadLength + TAG_BYTES > totalLength)
    throw new EnvelopeFormatError('truncated');
  return {
    keyJwe: Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX, keyLength).toString('latin1'),
    aadLength,
    iv: bytes.subarray(PREFIX + keyLength, aadLength),
    ciphertextLength: totalLength - aadLength - TAG_BYTES,
  };
}

/** The protected header of the key JWE (no decryption; for the outbox's door check). */
export function envelopeKeyHeader(bytes: Uint8Array): ProtectedHeaderParameters {
  return decodeProtectedHeader(envelopeLayout(bytes).keyJwe);
}

/** Slice size fed to AES-GCM: its outputs stay small, reused heap blocks (no fresh pages to fault in). */
const SLICE = 64 * 1024;

/**
 * Encrypts `chunks` (concatenated: the plaintext) to the central key. Returns the envelope as one
 * buffer and its SHA-256 (hex), computed in the same pass; the content key never leaves this
 * function and is zeroed before it returns. `into` lends the buffer to write the envelope into
 * (at least `size` bytes; the envelope is then a view of it): a fresh 3 MB buffer costs page
 * faults and garbage collection, more than the encryption itself.
 */
export async function encryptEnvelope(
  chunks: readonly Uint8Array[],
  central: CentralRecipient,
  options: { into?: (size: number) => Buffer } = {},
): Promise<{ envelope: Buffer; sha256: string }> {
  const cek = randomBytes(KEY_BYTES);
  try {
    const iv = randomBytes(IV_BYTES);
    const jwk = Buffer.from(
      JSON.stringify({ kty: 'oct', alg: CONTENT_ENCRYPTION, k: cek.toString('base64url') }),
      'utf8',
    );
    const keyJwe = await new CompactEncrypt(jwk)
      .setProtectedHeader({
        alg: KEY_MANAGEMENT_ALG,
        enc: CONTENT_ENCRYPTION,
        kid: central.encryptionKid,
        cty: CTY_CONTENT_KEY,
      })
      .encrypt(central.encryptionKey);
    jwk.fill(0);
    const plaintextLength = chunks.reduce((n, chunk) => n + chunk.length, 0);
    const aadLength = PREFIX + keyJwe.length + IV_BYTES;
    const size = aadLength + plaintextLength + TAG_BYTES;
    const out = (options.into?.(size) ?? Buffer.allocUnsafe(size)).subarray(0, size);
    ENVELOPE_MAGIC.copy(out, 0);
    out.writeUInt32BE(keyJwe.length, ENVELOPE_MAGIC.length);
    out.write(keyJwe, PREFIX, 'latin1');
    iv.copy(out, PREFIX + keyJwe.length);
    const cipher = createCipheriv('aes-256-gcm', cek, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(out.subarray(0, aadLength));
    const hash = createHash('sha256').update(out.subarray(0, aadLength));
    let at = aadLength;
    const put = (encrypted: Buffer) => {
      encrypted.copy(out, at);
      hash.update(encrypted);
      at += encrypted.length;
    };
    for (const chunk of chunks)
      for (let from = 0; from < chunk.length; from += SLICE)
        put(cipher.update(chunk.subarray(from, from + SLICE)));
    put(cipher.final());
    put(cipher.getAuthTag());
    if (at !== out.length) throw new Error('envelope length mismatch');
    return { envelope: out, sha256: hash.digest('hex') };
  } finally {
    cek.fill(0);
  }
}

/** Unwraps the content key with the central private key (jose); throws on any failure. */
async function unwrapContentKey(keyJwe: string, decryptionKey: CryptoKey): Promise<Buffer> {
  const { plaintext, protectedHeader } = await compactDecrypt(keyJwe, decryptionKey, {
    keyManagementAlgorithms: [KEY_MANAGEMENT_ALG],
    contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
  });
  if (protectedHeader.cty !== CTY_CONTENT_KEY) throw new EnvelopeFormatError('unexpected key content type');
  const jwk = JSON.parse(Buffer.from(plaintext).toString('utf8')) as Record<string, unknown>;
  plaintext.fill(0);
  if (jwk.kty !== 'oct' || jwk.alg !== CONTENT_ENCRYPTION || typeof jwk.k !== 'string')
    throw new EnvelopeFormatError('content key is not an A256GCM JWK');
  const cek = Buffer.from(jwk.k, 'base64url');
  if (cek.length !== KEY_BYTES) throw new EnvelopeFormatError('content key has the wrong length');
  return cek;
}

/**
 * Length of the authenticated head (everything before the ciphertext) from the envelope's first
 * ENVELOPE_PREFIX_BYTES bytes; throws EnvelopeFormatError when they are not an envelope's.
 */
export function envelopeHeadLength(prefix: Uint8Array): number {
  if (!isEnvelope(prefix)) throw new EnvelopeFormatError('bad magic or unsupported version');
  const keyLength = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(
    ENVELOPE_MAGIC.length,
  );
  if (keyLength === 0 || keyLength > MAX_KEY_JWE) throw new EnvelopeFormatError('bad key length');
  return PREFIX + keyLength + IV_BYTES;
}

/**
 * Streaming decryption (open-stream.ts): from the envelope's head (at least its authenticated
 * head) and its total length, unwraps the content key and returns an AES-GCM decipher with the
 * AAD set. The caller feeds the `layout.ciphertextLength` ciphertext bytes, then sets the last
 * ENVELOPE_TAG_BYTES bytes as the auth tag and calls final(), which throws when the tag does not
 * verify: nothing decrypted may be trusted before that.
 */
export async function envelopeDecipher(
  head: Uint8Array,
  totalLength: number,
  decryptionKey: CryptoKey,
): Promise<{ decipher: DecipherGCM; layout: EnvelopeLayout }> {
  const layout = envelopeLayout(head, totalLength);
  const cek = await unwrapContentKey(layout.keyJwe, decryptionKey);
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, layout.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(head.subarray(0, layout.aadLength));
    return { decipher, layout };
  } finally {
    cek.fill(0);
  }
}

/**
 * Decrypts an envelope with the central private key. Returns the plaintext only once the GCM tag
 * has verified; throws otherwise.
 */
export async function decryptEnvelope(envelope: Uint8Array, decryptionKey: CryptoKey): Promise<Buffer> {
  const layout = envelopeLayout(envelope);
  const cek = await unwrapContentKey(layout.keyJwe, decryptionKey);
  try {
    const decipher = createDecipheriv('aes-256-gcm', cek, layout.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(envelope.subarray(0, layout.aadLength));
    const end = layout.aadLength + layout.ciphertextLength;
    decipher.setAuthTag(envelope.subarray(end));
    const plaintext = Buffer.allocUnsafe(layout.ciphertextLength);
    let at = 0;
    for (let from = layout.aadLength; from < end; from += SLICE) {
      const decrypted = decipher.update(envelope.subarray(from, Math.min(end, from + SLICE)));
      decrypted.copy(plaintext, at);
      at += decrypted.length;
    }
    decipher.final(); // throws when the tag does not verify: nothing is returned then
    if (at !== plaintext.length) throw new EnvelopeFormatError('length mismatch');
    return plaintext;
  } finally {
    cek.fill(0);
  }
}

/**
 * Manifest and canonical serialization of a dossier (the plaintext that sync/crypto seals).
 *
 * Format: a length-prefixed binary container rather than a JSON envelope with base64 parts.
 *
 *   offset 0   8 bytes   magic "RCQDOS\0" + format version (0x01)
 *   offset 8   4 bytes   header length H, unsigned big-endian
 *   offset 12  H bytes   header: canonical JSON (UTF-8) of the dossier fields without part
 *                        bytes, plus `manifest`: [{ name, mediaType, size, sha256 }] in part order
 *   then                 the part bytes, concatenated in manifest order, nothing after
 *
 * Why: the container is sealed into a binary envelope (sync/crypto/envelope.ts); a JSON
 * envelope would base64 the 3 MB of images (+33% ciphertext, disk and upload), and
 * parsing it means materialising multi-megabyte strings. Here parts are sliced without copying,
 * hashes cover the exact bytes, and the header (readable alone) says how to split the rest.
 * Canonical: header keys are sorted, parts keep their order, and the parser rejects anything the
 * serializer would not produce (trailing bytes, size or hash mismatches), so one dossier has one
 * encoding and its SHA-256 identifies it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJsonBytes } from '../../common/canonical-json';
import { SHA256_HEX, sha256Hex } from './hash';
import { type Dossier, DossierValidationError, validateDossier } from './model';

export const CONTAINER_MAGIC = Uint8Array.from([0x52, 0x43, 0x51, 0x44, 0x4f, 0x53, 0x00, 0x01]); // "RCQDOS\0" v1
export const MAX_HEADER_BYTES = 1024 * 1024;
const PREFIX_BYTES = CONTAINER_MAGIC.length + 4;

export const ManifestEntry = z.strictObject({
  name: z.string().min(1),
  mediaType: z.string().min(1),
  size: z.number().int().min(0),
  sha256: z.string().regex(SHA256_HEX),
});
export type ManifestEntry = z.infer<typeof ManifestEntry>;
export type Manifest = ManifestEntry[];

const ContainerHeader = z.strictObject({
  schemaVersion: z.number().int(),
  id: z.string(),
  kind: z.string(),
  stationId: z.string(),
  agentId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  configVersion: z.number().int().optional(),
  manifest: z.array(ManifestEntry),
});

export interface SerializedDossier {
  /** The canonical container bytes. */
  bytes: Uint8Array;
  manifest: Manifest;
  /** SHA-256 (hex) of `bytes`. */
  sha256: string;
}

export class DossierFormatError extends Error {
  constructor(message: string) {
    super(`malformed dossier container: ${message}`);
    this.name = 'DossierFormatError';
  }
}

export function buildManifest(dossier: Dossier): Manifest {
  return dossier.parts.map((part) => ({
    name: part.name,
    mediaType: part.mediaType,
    size: part.bytes.length,
    sha256: part.sha256,
  }));
}

/** The canonical container as chunks: its prefix and header, then each part's bytes (not copied). */
export interface SerializedChunks {
  chunks: Uint8Array[];
  size: number;
  manifest: Manifest;
  /** SHA-256 (hex) of the concatenated chunks. */
  sha256: string;
}

/**
 * Validates the dossier (including part hashes) and serializes it canonically without copying
 * the parts: sealing encrypts the chunks in turn, so the 3 MB container is never assembled.
 */
export function serializeDossierChunks(dossier: Dossier): SerializedChunks {
  const valid = validateDossier(dossier);
  const manifest = buildManifest(valid);
  const { parts: _parts, ...fields } = valid;
  const header = canonicalJsonBytes({ ...fields, manifest });
  if (header.length > MAX_HEADER_BYTES) throw new DossierFormatError('header too large');
  const head = new Uint8Array(PREFIX_BYTES + header.length);
  head.set(CONTAINER_MAGIC, 0);
  new DataView(head.buffer).setUint32(CONTAINER_MAGIC.length, header.length);
  head.set(header, PREFIX_BYTES);
  const chunks = [head, ...valid.parts.map((part) => part.bytes)];
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return { chunks, size, manifest, sha256: hash.digest('hex') };
}

/** Validates the dossier (including part hashes) and serializes it canonically. */
export function serializeDossier(dossier: Dossier): SerializedDossier {
  const { chunks, size, manifest, sha256 } = serializeDossierChunks(dossier);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes, manifest, sha256 };
}

export interface ParsedDossier {
  dossier: Dossier;
  manifest: Manifest;
}

/**
 * Parses a container, checks every part against the manifest (size and SHA-256) and validates the
 * dossier. Part bytes are views into `bytes` (no copy). Throws DossierFormatError or
 * DossierValidationError.
 */
export function parseDossier(bytes: Uint8Array): ParsedDossier {
  if (bytes.length < PREFIX_BYTES) throw new DossierFormatError('truncated prefix');
  for (let i = 0; i < CONTAINER_MAGIC.length; i++) {
    if (bytes[i] !== CONTAINER_MAGIC[i]) throw new DossierFormatError('bad magic or unsupported version');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
    CONTAINER_MAGIC.length,
  );
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.length) {
    throw new DossierFormatError('bad header length');
  }
  const headerBytes = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength);
  let headerValue: unknown;
  try {
    headerValue = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    throw new DossierFormatError('header is not UTF-8 JSON');
  }
  const header = ContainerHeader.safeParse(headerValue);
  if (!header.success)
    throw new DossierFormatError(`header: ${header.error.issues[0]?.message ?? 'invalid'}`);
  if (!Buffer.from(canonicalJsonBytes(header.data)).equals(headerBytes)) {
    throw new DossierFormatError('header is not in canonical form');
  }
  const { manifest, ...fields } = header.data;
  let offset = PREFIX_BYTES + headerLength;
  const parts = manifest.map((entry) => {
    if (offset + entry.size > bytes.length) throw new DossierFormatError(`part "${entry.name}" is truncated`);
    const partBytes = bytes.subarray(offset, offset + entry.size);
    offset += entry.size;
    if (sha256Hex(partBytes) !== entry.sha256) {
      throw new DossierValidationError([`part "${entry.name}" does not match its manifest SHA-256`]);
    }
    return { name: entry.name, mediaType: entry.mediaType, bytes: partBytes, sha256: entry.sha256 };
  });
  if (offset !== bytes.length) throw new DossierFormatError(`${bytes.length - offset} trailing bytes`);
  return { dossier: validateDossier({ ...fields, parts }, { hashesJustComputed: true }), manifest };
}

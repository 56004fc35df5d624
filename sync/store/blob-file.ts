/**
 * The blob file of one queued dossier: its metadata, then the ciphertext exactly as uploaded.
 *
 *   8 bytes "RCQBLOB\0" + version 0x01 | 4 bytes metadata length M (big-endian)
 *   M bytes metadata JSON (BlobMetadata) | the sealed envelope, sync/crypto/envelope.ts
 *   (ciphertextSize bytes; blobs queued by earlier versions hold a JWE compact serialization)
 *
 * Keeping the metadata inside the same file (rather than a second sidecar file) means one atomic
 * rename makes a dossier durable, and a lost database can be rebuilt from the blob files alone.
 * The metadata holds no personal data: ids, kind, sizes, hashes and the station-signed dispatch.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';

const MAGIC = Buffer.from([0x52, 0x43, 0x51, 0x42, 0x4c, 0x4f, 0x42, 0x01]);
const PREFIX = MAGIC.length + 4;
const MAX_METADATA = 64 * 1024;

export const BlobMetadata = z.strictObject({
  dossierId: z.uuidv7(),
  stationId: z.string().min(1),
  kind: z.enum(['application', 'certification']),
  ciphertextSha256: z.string().regex(/^[0-9a-f]{64}$/),
  ciphertextSize: z.number().int().positive(),
  dispatch: z.string().min(1),
  enqueuedAt: z.number().int(),
});
export type BlobMetadata = z.infer<typeof BlobMetadata>;

export class BlobFormatError extends Error {
  constructor(message: string) {
    super(`malformed blob file: ${message}`);
    this.name = 'BlobFormatError';
  }
}

/** The chunks to write: header, then the ciphertext (not copied). */
export function encodeBlob(
  metadata: BlobMetadata,
  ciphertext: Uint8Array,
): { chunks: Uint8Array[]; offset: number } {
  const json = Buffer.from(JSON.stringify(BlobMetadata.parse(metadata)), 'utf8');
  const header = Buffer.alloc(PREFIX + json.length);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(json.length, MAGIC.length);
  json.copy(header, PREFIX);
  return { chunks: [header, ciphertext], offset: header.length };
}

export interface BlobHeader {
  metadata: BlobMetadata;
  /** Byte offset of the ciphertext in the file. */
  offset: number;
  fileSize: number;
}

/** Reads and checks the header; the file size must match the announced ciphertext size. */
export async function readBlobHeader(path: string): Promise<BlobHeader> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const prefix = Buffer.alloc(PREFIX);
    await handle.read(prefix, 0, PREFIX, 0);
    if (size < PREFIX || !prefix.subarray(0, MAGIC.length).equals(MAGIC))
      throw new BlobFormatError('bad magic');
    const length = prefix.readUInt32BE(MAGIC.length);
    if (length > MAX_METADATA || PREFIX + length > size) throw new BlobFormatError('bad metadata length');
    const json = Buffer.alloc(length);
    await handle.read(json, 0, length, PREFIX);
    let metadata: BlobMetadata;
    try {
      metadata = BlobMetadata.parse(JSON.parse(json.toString('utf8')));
    } catch {
      throw new BlobFormatError('unreadable metadata');
    }
    const offset = PREFIX + length;
    if (size !== offset + metadata.ciphertextSize)
      throw new BlobFormatError('size does not match its metadata');
    return { metadata, offset, fileSize: size };
  } finally {
    await handle.close();
  }
}

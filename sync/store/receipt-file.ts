/**
 * The receipt file of an acknowledged dossier: the central receipt (compact JWS, verified before
 * it is written) and the dossier's blob metadata. It outlives the purged blob, so the delivery
 * history can be rebuilt if the database is lost.
 */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { BlobMetadata } from './blob-file';

export const ReceiptFile = z.strictObject({
  v: z.literal(1),
  metadata: BlobMetadata,
  receipt: z.string().min(1),
  receivedAt: z.string().min(1),
  acknowledgedAt: z.number().int(),
});
export type ReceiptFile = z.infer<typeof ReceiptFile>;

export function encodeReceiptFile(file: ReceiptFile): Uint8Array {
  return Buffer.from(`${JSON.stringify(ReceiptFile.parse(file))}\n`, 'utf8');
}

export async function readReceiptFile(path: string): Promise<ReceiptFile> {
  return ReceiptFile.parse(JSON.parse(await fs.readFile(path, 'utf8')));
}

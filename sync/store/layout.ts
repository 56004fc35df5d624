/**
 * Where the outbox keeps its files under the data directory:
 *   outbox.sqlite(-wal,-shm)   queue state (rows), never ciphertext
 *   blobs/<dossierId>.rcq      one sealed dossier each: metadata header + envelope (blob-file.ts)
 *   receipts/<dossierId>.json  the verified central receipt and the dossier metadata, kept after purge
 *   corrupt/<timestamp>/       files moved aside by recovery (never deleted automatically)
 * Temporary files are dot-files ending in ".tmp" in the directory of their target.
 */
import { join } from 'node:path';

export interface Layout {
  dataDir: string;
  database: string;
  blobs: string;
  receipts: string;
  corrupt: string;
}

export function layoutOf(dataDir: string): Layout {
  return {
    dataDir,
    database: join(dataDir, 'outbox.sqlite'),
    blobs: join(dataDir, 'blobs'),
    receipts: join(dataDir, 'receipts'),
    corrupt: join(dataDir, 'corrupt'),
  };
}

export const BLOB_SUFFIX = '.rcq';
export const RECEIPT_SUFFIX = '.json';
export const TEMP_SUFFIX = '.tmp';

export const blobFileName = (dossierId: string) => `${dossierId}${BLOB_SUFFIX}`;
export const receiptFileName = (dossierId: string) => `${dossierId}${RECEIPT_SUFFIX}`;
export const isTempFile = (name: string) => name.startsWith('.') && name.endsWith(TEMP_SUFFIX);

/**
 * The central's opening worker thread: one SealedDossierReader (sync/crypto/open-stream.ts) per
 * upload being received, fed from the main thread's shared staging buffers, so hashing, AES-GCM,
 * the frame and manifest checks and their garbage stay off the thread that serves TLS. The
 * decryption key comes in workerData; plaintext buffers are pooled here and zeroed on dispose.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BufferPool } from '../../sync/crypto/buffer-pool';
import { SealedDossierRejected } from '../../sync/crypto/central';
import { SealedDossierReader } from '../../sync/crypto/open-stream';
import type { OpeningRequest, OpeningResponse, WireError } from './opening-protocol';

const { decryptionKey } = workerData as { decryptionKey: CryptoKey };
const pool = new BufferPool(4);
const readers = new Map<number, SealedDossierReader>();
const port = parentPort!;

function toWire(error: unknown): WireError {
  if (error instanceof SealedDossierRejected) {
    const prefix = `${error.reason}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return { rejected: true, reason: error.reason, message };
  }
  return { rejected: false, message: error instanceof Error ? error.message : String(error) };
}

function readerOf(id: number): SealedDossierReader {
  const reader = readers.get(id);
  if (!reader) throw new Error(`no reader ${id}`);
  return reader;
}

async function handle(request: OpeningRequest): Promise<OpeningResponse> {
  switch (request.op) {
    case 'begin':
      readers.set(request.reader, new SealedDossierReader(request.totalLength, { decryptionKey, pool }));
      return { id: request.id, ok: true };
    case 'write':
      await readerOf(request.reader).write(
        new Uint8Array(request.buffer, request.byteOffset, request.length),
      );
      return { id: request.id, ok: true };
    case 'finish': {
      const { kid, station } = request;
      const opened = await readerOf(request.reader).finish(request.dispatch, async (asked) =>
        asked === kid && station ? station : undefined,
      );
      return {
        id: request.id,
        ok: true,
        value: {
          dispatch: opened.dispatch,
          dossier: { id: opened.dossier.id, kind: opened.dossier.kind },
          manifest: opened.manifest,
          attestation: opened.attestation,
        },
      };
    }
    case 'dispose':
      readers.get(request.reader)?.dispose();
      readers.delete(request.reader);
      return { id: request.id, ok: true };
  }
}

port.on('message', (request: OpeningRequest) => {
  handle(request).then(
    (response) => port.postMessage(response),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: toWire(error) }),
  );
});

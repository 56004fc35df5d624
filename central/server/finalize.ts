/**
 * Turning a completed upload into a stored dossier, exactly once per dossier id: check who sent
 * it (the station of the client certificate must be the signer of the dispatch), verify and
 * decrypt the envelope, validate the manifest and hashes (sync/crypto: the checks already ran in
 * the opening worker on the bytes as they arrived, receiving-store.ts, else the stored upload is
 * read back here through the same streaming reader), sign a receipt, move the ciphertext into the
 * store (its fsync started as soon as the upload was complete) and commit its row (the plaintext
 * buffer is zeroed before the answer). Calls are serialised per
 * dossier id; a dossier already stored is answered with its stored receipt (or a conflict when
 * the new bytes differ from the stored ones), and its leftover upload is removed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { type CentralKeys, SealedDossierRejected, signReceipt } from '../../sync/crypto/central';
import { readSealedDossier, type SealedDossierReader } from '../../sync/crypto/open-stream';
import { METADATA_DISPATCH, METADATA_STATION } from '../../sync/protocol/http';
import { CentralStore } from '../store';
import { CentralError } from './errors';
import type { OpenedSummary } from './opening-protocol';
import type { RemoteDossierReader } from './opening-worker';
import type { ReceivingFileStore } from './receiving-store';
import type { StationRegistry } from './stations';

export interface Finalizer {
  /** Receipt (compact JWS) of the dossier once stored; throws CentralError otherwise. */
  finalize(dossierId: string, stationId: string): Promise<string>;
  /** Stored receipt, or undefined (the dossier must belong to `stationId`). */
  receiptOf(dossierId: string, stationId: string): string | undefined;
}

export function createFinalizer(deps: {
  store: CentralStore;
  uploads: ReceivingFileStore;
  keys: CentralKeys;
  stations: StationRegistry;
  now?: () => Date;
}): Finalizer {
  const { store, uploads, keys, stations } = deps;
  const running = new Map<string, Promise<string>>();

  async function discard(dossierId: string): Promise<void> {
    await uploads.remove(dossierId).catch(() => undefined);
    await uploads.configstore.delete(dossierId).catch(() => undefined);
  }

  async function run(dossierId: string, stationId: string): Promise<string> {
    const upload = await uploads.findUpload(dossierId);
    const stored = store.find(dossierId);
    if (stored) {
      if (stored.stationId !== stationId)
        throw new CentralError(403, 'not-owner', 'dossier belongs to another station', false);
      if (upload?.storage?.path && upload.offset === upload.size) {
        const bytes = await fs.readFile(upload.storage.path);
        const sha = createHash('sha256').update(bytes).digest('hex');
        await discard(dossierId);
        if (sha !== stored.ciphertextSha256)
          throw new CentralError(
            409,
            'conflict',
            'another ciphertext is stored under this dossier id',
            false,
          );
      } else if (upload) {
        await discard(dossierId);
      }
      store.recordDuplicate(dossierId);
      return stored.receipt;
    }
    if (!upload?.storage?.path)
      throw new CentralError(404, 'upload-not-found', 'no upload for this dossier', true);
    if (upload.metadata?.[METADATA_STATION] !== stationId)
      throw new CentralError(403, 'not-owner', 'upload belongs to another station', false);
    if (upload.size === undefined || upload.offset !== upload.size)
      throw new CentralError(409, 'upload-incomplete', 'upload is not complete', true);
    const dispatch = upload.metadata?.[METADATA_DISPATCH];
    if (!dispatch) {
      await discard(dossierId);
      throw new CentralError(400, 'bad-request', 'upload has no dispatch', false);
    }
    // The bytes were checked as they arrived (receiving-store.ts); otherwise read the file back.
    const size = upload.size;
    let reader: SealedDossierReader | RemoteDossierReader | undefined = uploads.takeReader(dossierId, size);
    // The disk flushes the file while the bytes are checked (a rejected file is discarded anyway).
    const synced = CentralStore.syncFile(upload.storage.path);
    synced.catch(() => undefined);
    try {
      return await open(dossierId, stationId, upload.storage.path, size, dispatch, reader, synced, (r) => {
        reader = r;
      });
    } finally {
      reader?.dispose();
      await synced.catch(() => undefined);
    }
  }

  async function open(
    dossierId: string,
    stationId: string,
    path: string,
    size: number,
    dispatch: string,
    received: RemoteDossierReader | undefined,
    synced: Promise<void>,
    keep: (reader: SealedDossierReader) => void,
  ): Promise<string> {
    let opened: OpenedSummary;
    try {
      if (received) opened = await received.finish(dispatch, stations.resolve);
      else {
        const read = await readSealedDossier(
          createReadStream(path, { highWaterMark: 256 * 1024 }),
          size,
          dispatch,
          { decryptionKey: keys.decryptionKey, pool: uploads.pool, resolveStation: stations.resolve },
        );
        keep(read.reader);
        opened = read.opened;
      }
    } catch (error) {
      await discard(dossierId);
      if (error instanceof SealedDossierRejected) {
        if (error.reason === 'ciphertext-mismatch') {
          // The bytes that arrived are not the ones the station signed: a transfer fault, resend.
          throw new CentralError(422, 'transfer-corrupted', 'received bytes differ from the dispatch', true);
        }
        throw new CentralError(422, 'rejected', error.message, false, error.reason);
      }
      throw error;
    }
    if (opened.dispatch.stationId !== stationId) {
      await discard(dossierId);
      throw new CentralError(
        403,
        'identity-mismatch',
        'the dossier is signed by another station than the client certificate',
        false,
      );
    }
    if (opened.dossier.id !== dossierId) {
      await discard(dossierId);
      throw new CentralError(422, 'identity-mismatch', 'upload id and dossier id differ', false);
    }
    const receivedAt = deps.now?.() ?? new Date();
    const subject = { dossierId, stationId, ciphertextSha256: opened.dispatch.ciphertextSha256 };
    const receipt = await signReceipt(subject, keys, { now: () => receivedAt });
    const { stored: row } = await store.storeOnce(
      path,
      {
        dossierId,
        stationId,
        kind: opened.dossier.kind,
        ciphertextSha256: opened.dispatch.ciphertextSha256,
        ciphertextSize: size,
        manifest: JSON.stringify(opened.manifest),
        attestation: opened.attestation,
        receipt,
        receivedAt: receivedAt.toISOString(),
      },
      undefined,
      { synced },
    );
    await uploads.configstore.delete(dossierId).catch(() => undefined);
    return row.receipt;
  }

  return {
    finalize(dossierId, stationId) {
      const previous = running.get(dossierId) ?? Promise.resolve('');
      const next = previous
        .catch(() => '')
        .then(() => run(dossierId, stationId))
        .finally(() => {
          if (running.get(dossierId) === next) running.delete(dossierId);
        });
      running.set(dossierId, next);
      return next;
    },
    receiptOf(dossierId, stationId) {
      const stored = store.find(dossierId);
      return stored && stored.stationId === stationId ? stored.receipt : undefined;
    },
  };
}

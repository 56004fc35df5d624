/**
 * The main-thread side of the central's opening worker (opening-worker-entry.ts): `begin` gives a
 * RemoteDossierReader for one upload, used like a SealedDossierReader (write the bytes in order,
 * then finish with the dispatch) while the work runs on another core.
 *
 * Why a worker: on the 2-core reference machine the central's main thread both terminates TLS for
 * the uploads in flight and checked their bytes; hashing, decryption, validation and the
 * garbage of the decrypted slices (which makes V8 mark the main heap every dossier or two) now
 * run beside it (bench/sync.bench.ts reports the main thread's share). The bytes are written
 * from shared staging buffers: the worker reads the same memory the file write reads, no copy.
 *
 * A worker that dies fails the uploads it held (they are re-read from disk by finalize.ts, or
 * resent) and the next upload starts a fresh one. common/start-worker.ts starts it (with
 * the tsx loader when the sources run as TypeScript).
 */
import type { Worker } from 'node:worker_threads';
import { decodeProtectedHeader } from 'jose';
import { startWorkerThread } from '../../common/start-worker';
import { SealedDossierRejected, type StationKeyResolver } from '../../sync/crypto/central';
import type { RejectionReason } from '../../sync/crypto/open';
import type { OpenedSummary, OpeningRequest, OpeningResponse } from './opening-protocol';

type Body = OpeningRequest extends infer R ? (R extends OpeningRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(value: OpenedSummary | undefined): void;
  reject(error: Error): void;
}

/** One worker thread and the requests in flight to it. */
class WorkerLink {
  readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  failure: Error | undefined;

  constructor(decryptionKey: CryptoKey) {
    this.worker = startWorkerThread(import.meta.url, 'opening-worker-entry', { decryptionKey });
    this.worker.unref();
    this.worker.on('message', (response: OpeningResponse) => {
      const pending = this.pending.get(response.id);
      if (!pending) return;
      this.pending.delete(response.id);
      if (this.pending.size === 0) this.worker.unref();
      if (response.ok) pending.resolve(response.value);
      else if (response.error.rejected)
        pending.reject(
          new SealedDossierRejected(response.error.reason as RejectionReason, response.error.message),
        );
      else pending.reject(new Error(response.error.message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`opening worker exited (${code})`)));
  }

  request(body: Body): Promise<OpenedSummary | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...body, id });
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** A SealedDossierReader running in the worker (same order of use, same rejections). */
export class RemoteDossierReader {
  private received = 0;
  private disposed = false;

  constructor(
    private readonly link: WorkerLink,
    private readonly handle: number,
    readonly totalLength: number,
  ) {}

  get offset(): number {
    return this.received;
  }

  /** The next bytes, in order; `chunk` must be a view of a SharedArrayBuffer, unchanged until this resolves. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.disposed) throw new Error('reader disposed');
    if (!(chunk.buffer instanceof SharedArrayBuffer))
      throw new Error('the opening worker reads shared buffers only');
    this.received += chunk.length;
    await this.link.request({
      op: 'write',
      reader: this.handle,
      buffer: chunk.buffer,
      byteOffset: chunk.byteOffset,
      length: chunk.length,
    });
  }

  /** The checks of SealedDossierReader.finish, in the worker; the station key is resolved here. */
  async finish(dispatch: string, resolveStation: StationKeyResolver): Promise<OpenedSummary> {
    if (this.disposed) throw new Error('reader disposed');
    let kid: string | null = null;
    try {
      kid = decodeProtectedHeader(dispatch).kid ?? null;
    } catch {
      // malformed: the worker's checks reject it with the usual reason
    }
    const station = kid ? ((await resolveStation(kid)) ?? null) : null;
    const value = await this.link.request({ op: 'finish', reader: this.handle, dispatch, kid, station });
    if (!value) throw new Error('opening worker answered without a dossier');
    return value;
  }

  /** Zeroes the plaintext in the worker; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.link.request({ op: 'dispose', reader: this.handle }).catch(() => undefined);
  }
}

export class OpeningWorker {
  private link: WorkerLink | undefined;
  private nextReader = 1;

  constructor(private readonly decryptionKey: CryptoKey) {}

  /** A reader for an upload of `totalLength` bytes (starts the worker, or a fresh one after a crash). */
  async begin(totalLength: number): Promise<RemoteDossierReader> {
    if (!this.link || this.link.failure) this.link = new WorkerLink(this.decryptionKey);
    const handle = this.nextReader++;
    await this.link.request({ op: 'begin', reader: handle, totalLength });
    return new RemoteDossierReader(this.link, handle, totalLength);
  }

  async close(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    await link?.worker.terminate();
  }
}

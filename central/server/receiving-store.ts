/**
 * The tus data store of the reference central server: @tus/file-store's FileStore, whose uploads
 * are appended by `receive` (tus.ts), which also feeds every received byte, in order, to a
 * SealedDossierReader (sync/crypto/open-stream.ts) in the opening worker (opening-worker.ts)
 * while it goes to the upload file. When the upload completes, finalize.ts takes the reader and
 * only has to run the final checks instead of reading the 3 MB file back, hashing it and
 * decrypting it whole: the work overlaps the transfer and allocates no large fresh buffers.
 *
 * Received bytes are gathered into 4 MiB pieces before they are checked and written (fewer
 * file writes and worker messages than one per TLS chunk: a 3 MB dossier is one of each; 4 MiB
 * measured ~5 % more sync throughput than 1 MiB, bench/sync.bench.ts).
 * A reader is kept only while it has seen exactly the bytes of the file: a request that fails
 * drops it, and a PATCH that resumes at another offset than the reader's drops it too (finalize
 * then reads the stored file through a fresh reader: same checks, just later). A reader left by a
 * station that stopped mid-upload is dropped after READER_IDLE_MS.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import type { Upload } from '@tus/utils';
import { BufferPool } from '../../sync/crypto/buffer-pool';
import { CentralError } from './errors';
import type { OpeningWorker, RemoteDossierReader } from './opening-worker';

const READER_IDLE_MS = 60_000;
const STAGE_BYTES = 4 * 1024 * 1024;

interface Tracked {
  reader: RemoteDossierReader;
  timer: NodeJS.Timeout;
}

export class ReceivingFileStore extends FileStore {
  /** Plaintext buffers of the dossiers re-read from disk by finalize.ts (zeroed when released). */
  readonly pool = new BufferPool(2);
  /** Staging buffers of the uploads in progress (ciphertext, so not wiped), shared with the worker. */
  private readonly stages = new BufferPool(4, { wipe: false, shared: true });
  private readonly readers = new Map<string, Tracked>();

  constructor(
    options: ConstructorParameters<typeof FileStore>[0],
    private readonly opener: OpeningWorker,
  ) {
    super(options);
  }

  /**
   * Appends the bytes of `readable` to the upload at `offset` (its current size) and returns the
   * new size. At most `limit` bytes are taken (more is a 413); when `signal` aborts (a newer
   * request for this upload), reading stops. Whatever arrived before a failure is kept on disk
   * (the station resumes from the file's size), but the reader is dropped.
   */
  async receive(
    readable: Readable,
    fileId: string,
    offset: number,
    options: { limit: number; signal?: AbortSignal },
  ): Promise<number> {
    const path = resolve(this.directory, fileId);
    if (dirname(path) !== resolve(this.directory))
      throw new CentralError(404, 'upload-not-found', 'no such upload', false);
    let reader = await this.readerFor(fileId, offset).catch(() => undefined);
    let handle: FileHandle | undefined;
    const stage = this.stages.acquire(STAGE_BYTES);
    let staged = 0;
    let position = offset;
    // Received bytes are gathered into STAGE_BYTES pieces before they are checked and written:
    // TLS hands them over in 16-64 KiB chunks (smaller when uploads run in parallel), and every
    // chunk would otherwise cost its own file write and decryption call.
    const flush = async () => {
      if (staged === 0) return;
      const bytes = stage.subarray(0, staged);
      const toFile = async () => {
        handle ??= await fs.open(path, 'r+');
        for (let at = 0; at < bytes.length; ) {
          const { bytesWritten } = await handle.write(bytes, at, bytes.length - at, position + at);
          at += bytesWritten;
        }
      };
      // The worker checks the bytes while they go to the file (both only read the stage).
      const [checked, written] = await Promise.allSettled([reader?.write(bytes), toFile()]);
      if (written.status === 'rejected') throw written.reason;
      if (checked.status === 'rejected') {
        reader?.dispose();
        reader = undefined; // finalize.ts re-reads the file instead
      }
      position += bytes.length;
      staged = 0;
    };
    const stop = () =>
      readable.destroy(new CentralError(409, 'offset-mismatch', 'superseded by a newer request', true));
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      try {
        let room = options.limit;
        for await (const chunk of readable as AsyncIterable<Buffer>) {
          if (chunk.length > room)
            throw new CentralError(413, 'too-large', 'more bytes than the announced Upload-Length', false);
          room -= chunk.length;
          for (let at = 0; at < chunk.length; ) {
            const n = Math.min(chunk.length - at, stage.length - staged);
            chunk.copy(stage, staged, at, at + n);
            staged += n;
            at += n;
            if (staged === stage.length) await flush();
          }
        }
        await flush();
      } catch (error) {
        // Keep what arrived (the client resumes from the file's size), but not the reader.
        await flush().catch(() => undefined);
        throw error;
      } finally {
        options.signal?.removeEventListener('abort', stop);
        await handle?.close();
      }
    } catch (error) {
      reader?.dispose();
      this.drop(fileId);
      throw error instanceof CentralError
        ? error
        : new CentralError(500, 'internal', 'the upload could not be received', true);
    } finally {
      this.stages.release(stage);
    }
    if (reader) this.track(fileId, reader);
    return position;
  }

  /** The upload named `fileId`, or undefined when there is none (or its file is gone). */
  async findUpload(fileId: string): Promise<Upload | undefined> {
    try {
      return await this.getUpload(fileId);
    } catch {
      return undefined;
    }
  }

  /** The reader of a completely received upload (the caller disposes it), else undefined. */
  takeReader(fileId: string, size: number): RemoteDossierReader | undefined {
    const tracked = this.readers.get(fileId);
    if (!tracked) return undefined;
    clearTimeout(tracked.timer);
    this.readers.delete(fileId);
    if (tracked.reader.offset === size && tracked.reader.totalLength === size) return tracked.reader;
    tracked.reader.dispose();
    return undefined;
  }

  override async remove(fileId: string): Promise<void> {
    this.drop(fileId);
    await super.remove(fileId);
  }

  /** Drops every reader (server shutdown). */
  dropAll(): void {
    for (const id of [...this.readers.keys()]) this.drop(id);
  }

  private async readerFor(fileId: string, offset: number): Promise<RemoteDossierReader | undefined> {
    const tracked = this.readers.get(fileId);
    if (tracked) {
      clearTimeout(tracked.timer);
      this.readers.delete(fileId);
      if (tracked.reader.offset === offset) return tracked.reader;
      tracked.reader.dispose();
    }
    if (offset !== 0) return undefined;
    const size = (await this.configstore.get(fileId))?.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) return undefined;
    return this.opener.begin(size);
  }

  private track(fileId: string, reader: RemoteDossierReader): void {
    const timer = setTimeout(() => this.drop(fileId), READER_IDLE_MS);
    timer.unref();
    this.readers.set(fileId, { reader, timer });
  }

  /** Drops the reader of an upload (failed, idle, restarted from zero, removed). */
  drop(fileId: string): void {
    const tracked = this.readers.get(fileId);
    if (!tracked) return;
    clearTimeout(tracked.timer);
    this.readers.delete(fileId);
    tracked.reader.dispose();
  }
}

/**
 * The tus data store of the reference central server: @tus/file-store's FileStore, whose `write`
 * also feeds every received byte, in order, to a SealedDossierReader (sync/crypto/open-stream.ts)
 * while it goes to the upload file. When the upload completes, finalize.ts takes the reader and
 * only has to run the final checks instead of reading the 3 MB file back, hashing it and
 * decrypting it whole: the work overlaps the transfer and allocates no large fresh buffers.
 *
 * Received bytes are gathered into 1 MiB pieces before they are checked and written (fewer
 * file writes and decryption calls than one per TLS chunk).
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
import { ERRORS } from '@tus/server';
import { BufferPool } from '../crypto/buffer-pool';
import { SealedDossierReader } from '../crypto/open-stream';

const READER_IDLE_MS = 60_000;
const STAGE_BYTES = 1024 * 1024;

interface Tracked {
  reader: SealedDossierReader;
  timer: NodeJS.Timeout;
}

export class ReceivingFileStore extends FileStore {
  /** Plaintext buffers of the dossiers being received (zeroed when released). */
  readonly pool = new BufferPool(4);
  /** Staging buffers of the uploads in progress (ciphertext, so not wiped). */
  private readonly stages = new BufferPool(4, { wipe: false });
  private readonly readers = new Map<string, Tracked>();

  constructor(
    options: ConstructorParameters<typeof FileStore>[0],
    private readonly decryptionKey: CryptoKey,
  ) {
    super(options);
  }

  override async write(readable: Readable, fileId: string, offset: number): Promise<number> {
    const path = resolve(this.directory, fileId);
    if (dirname(path) !== resolve(this.directory)) throw ERRORS.FILE_NOT_FOUND;
    const reader = await this.readerFor(fileId, offset);
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
      if (reader) await reader.write(bytes);
      handle ??= await fs.open(path, 'r+');
      for (let at = 0; at < bytes.length; ) {
        const { bytesWritten } = await handle.write(bytes, at, bytes.length - at, position + at);
        at += bytesWritten;
      }
      position += bytes.length;
      staged = 0;
    };
    try {
      try {
        for await (const chunk of readable as AsyncIterable<Buffer>) {
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
        await handle?.close();
      }
    } catch {
      reader?.dispose();
      this.drop(fileId);
      throw ERRORS.FILE_WRITE_ERROR;
    } finally {
      this.stages.release(stage);
    }
    if (reader) this.track(fileId, reader);
    return position;
  }

  /** The reader of a completely received upload (the caller disposes it), else undefined. */
  takeReader(fileId: string, size: number): SealedDossierReader | undefined {
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

  private async readerFor(fileId: string, offset: number): Promise<SealedDossierReader | undefined> {
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
    return new SealedDossierReader(size, { decryptionKey: this.decryptionKey, pool: this.pool });
  }

  private track(fileId: string, reader: SealedDossierReader): void {
    const timer = setTimeout(() => this.drop(fileId), READER_IDLE_MS);
    timer.unref();
    this.readers.set(fileId, { reader, timer });
  }

  private drop(fileId: string): void {
    const tracked = this.readers.get(fileId);
    if (!tracked) return;
    clearTimeout(tracked.timer);
    this.readers.delete(fileId);
    tracked.reader.dispose();
  }
}

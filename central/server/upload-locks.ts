/**
 * One request at a time per upload, the newest one winning: a request for an upload that another
 * request holds asks the holder to stop reading its body (the holder keeps what already arrived
 * and releases), then takes the lock. This is the tus server's usual locking rule: a station whose
 * connection broke mid-upload comes back with HEAD + PATCH while the server may still be reading
 * the dead connection, and must see the offset of what was stored, not wait for a TCP timeout.
 */

export interface UploadLock {
  /** Aborted when a newer request for the same upload wants the lock. */
  readonly signal: AbortSignal;
  release(): void;
}

interface Held {
  controller: AbortController;
  released: Promise<void>;
}

export class UploadLocks {
  private readonly held = new Map<string, Held>();

  async acquire(uploadId: string): Promise<UploadLock> {
    for (;;) {
      const current = this.held.get(uploadId);
      if (!current) break;
      current.controller.abort();
      await current.released;
    }
    const controller = new AbortController();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry: Held = { controller, released };
    this.held.set(uploadId, entry);
    let done = false;
    return {
      signal: controller.signal,
      release: () => {
        if (done) return;
        done = true;
        if (this.held.get(uploadId) === entry) this.held.delete(uploadId);
        release();
      },
    };
  }
}

/**
 * A small pool of large byte buffers, reused from one dossier to the next. On the 2-core target a
 * fresh 3 MB Buffer costs 7-13 ms (page faults, then the GC of external memory), more than
 * hashing or decrypting it; a reused one is already mapped. Released buffers are zeroed first
 * (unless `wipe: false`, for ciphertext only): they may have held decrypted dossier bytes, which
 * must not outlive their use. With `shared: true` the buffers are backed by SharedArrayBuffers,
 * readable by a worker thread without a copy.
 */

const GRANULE = 1024 * 1024;

export class BufferPool {
  private readonly free: Buffer[] = [];

  /** Keeps at most `keep` released buffers (the rest go to the GC). */
  constructor(
    private readonly keep = 4,
    private readonly options: { wipe?: boolean; shared?: boolean } = {},
  ) {}

  /** A buffer of at least `size` bytes (contents undefined: write before reading). */
  acquire(size: number): Buffer {
    const index = this.free.findIndex((buffer) => buffer.length >= size);
    if (index >= 0) return this.free.splice(index, 1)[0]!;
    const bytes = Math.max(GRANULE, Math.ceil(size / GRANULE) * GRANULE);
    return this.options.shared ? Buffer.from(new SharedArrayBuffer(bytes)) : Buffer.allocUnsafeSlow(bytes);
  }

  /** Zeroes `buffer` (as returned by acquire; the caller no longer uses it) and keeps it for reuse. */
  release(buffer: Buffer): void {
    if (this.options.wipe !== false) buffer.fill(0);
    if (this.free.length < this.keep && !this.free.includes(buffer)) this.free.push(buffer);
  }

  /**
   * Runs `use` with a lender of this pool's buffers (for APIs that take an `into`), and gives
   * every buffer it lent back to the pool once `use` settles, resolved or not: what `use` made in
   * them must not outlive it.
   */
  async lend<T>(use: (into: (size: number) => Buffer) => Promise<T>): Promise<T> {
    const lent: Buffer[] = [];
    try {
      return await use((size) => {
        const buffer = this.acquire(size);
        lent.push(buffer);
        return buffer;
      });
    } finally {
      for (const buffer of lent) this.release(buffer);
    }
  }

  /** Buffers waiting for reuse (tests). */
  get size(): number {
    return this.free.length;
  }
}

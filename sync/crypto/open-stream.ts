/**
 * Opening a sealed dossier while its bytes arrive (the central server's receiving path): the
 * same checks as openSealedDossier (open.ts), in the same order and with the same rejection
 * reasons, without holding the ciphertext. Each chunk is hashed (for the dispatch's SHA-256) and,
 * once the envelope's head is in, decrypted into a pooled plaintext buffer; `finish` then checks
 * the dispatch against the measured size and digest, the GCM tag, and the frame (attestation,
 * container, manifest and part hashes, identities).
 *
 * Why: reading the 3 MB upload back, decrypting it whole into a fresh buffer and hashing it
 * again cost the central ~40-60 ms per dossier, most of it allocation and copies; streaming
 * overlaps that work with the transfer. Nothing decrypted is trusted before the tag verifies in
 * `finish`; the plaintext lives only in memory and is zeroed by `dispose`.
 * Format 1 (JWE compact) ciphertexts are collected and handed to openSealedDossier.
 */
import { createHash, type DecipherGCM } from 'node:crypto';
import type { BufferPool } from './buffer-pool';
import {
  ENVELOPE_PREFIX_BYTES,
  ENVELOPE_TAG_BYTES,
  type EnvelopeLayout,
  envelopeDecipher,
  envelopeHeadLength,
  isEnvelope,
} from './envelope';
import {
  type OpenedDossier,
  openFrame,
  openSealedDossier,
  SealedDossierRejected,
  type StationKeyResolver,
  verifyDispatchDigest,
} from './open';

/** Slice fed to AES-GCM at a time: small outputs, no large fresh allocations. */
const SLICE = 64 * 1024;

export interface ReaderOptions {
  decryptionKey: CryptoKey;
  /** Where the plaintext buffer comes from (and goes back to on dispose). */
  pool: BufferPool;
}

export class SealedDossierReader {
  private readonly hash = createHash('sha256');
  private received = 0;
  private head: Buffer[] = [];
  private headBytes = 0;
  /** Length of the envelope's head, once its prefix is in (0 before). */
  private headLength = 0;
  /** Format 1: the whole ciphertext, kept for openSealedDossier. */
  private legacy: Buffer[] | undefined;
  private decipher: DecipherGCM | undefined;
  private layout: EnvelopeLayout | undefined;
  private plaintext: Buffer | undefined;
  private decrypted = 0;
  private readonly tag = Buffer.alloc(ENVELOPE_TAG_BYTES);
  private tagBytes = 0;
  private failure: unknown;
  private disposed = false;

  constructor(
    /** Announced length of the ciphertext (tus Upload-Length). */
    readonly totalLength: number,
    private readonly options: ReaderOptions,
  ) {}

  /** Bytes seen so far. */
  get offset(): number {
    return this.received;
  }

  /**
   * Takes the next bytes of the ciphertext, in order. Never throws on bad content: a malformed
   * or undecryptable envelope is recorded and reported by `finish` (after the dispatch checks).
   */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.disposed) throw new Error('reader disposed');
    this.hash.update(chunk);
    const at = this.received;
    this.received += chunk.length;
    if (this.failure !== undefined) return;
    if (this.received > this.totalLength) {
      this.fail(new Error('more bytes than announced'));
      return;
    }
    if (this.legacy) {
      this.legacy.push(Buffer.from(chunk));
      return;
    }
    if (this.decipher) {
      this.feed(chunk, at);
      return;
    }
    await this.readHead(chunk);
  }

  /**
   * Before the decipher exists: keeps the envelope's head (prefix, key, IV: a few KiB at most)
   * and feeds the rest of `chunk` to the decipher once the head is complete. Only head bytes are
   * copied: the first chunk is often the whole upload, and copying 3 MB into fresh memory costs
   * more than decrypting it.
   */
  private async readHead(chunk: Uint8Array): Promise<void> {
    let rest = chunk;
    const keep = (upto: number) => {
      const take = Math.min(rest.length, upto - this.headBytes);
      this.head.push(Buffer.from(rest.subarray(0, take)));
      this.headBytes += take;
      rest = rest.subarray(take);
      return this.headBytes === upto;
    };
    if (this.headLength === 0) {
      if (!keep(ENVELOPE_PREFIX_BYTES)) return;
      const prefix = Buffer.concat(this.head);
      this.head = [prefix];
      if (!isEnvelope(prefix)) {
        this.legacy = [prefix, Buffer.from(rest)];
        this.head = [];
        return;
      }
      try {
        this.headLength = envelopeHeadLength(prefix);
        if (this.headLength + ENVELOPE_TAG_BYTES > this.totalLength) throw new Error('truncated envelope');
      } catch (error) {
        this.fail(error);
        return;
      }
    }
    if (!keep(this.headLength)) return;
    const head = Buffer.concat(this.head);
    this.head = [];
    try {
      ({ decipher: this.decipher, layout: this.layout } = await envelopeDecipher(
        head,
        this.totalLength,
        this.options.decryptionKey,
      ));
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.disposed) return;
    this.plaintext = this.options.pool.acquire(this.layout.ciphertextLength);
    this.feed(rest, this.headLength);
  }

  /**
   * Once every announced byte was written: the checks of openSealedDossier, in its order.
   * Throws SealedDossierRejected. The returned dossier's part bytes live in the pooled buffer:
   * use them before `dispose`.
   */
  async finish(
    dispatch: string,
    resolveStation: StationKeyResolver,
    decryptionKey = this.options.decryptionKey,
  ): Promise<OpenedDossier> {
    if (this.disposed) throw new Error('reader disposed');
    const verified = await verifyDispatchDigest(
      { size: this.received, sha256: this.hash.digest('hex') },
      dispatch,
      resolveStation,
    );
    if (this.received !== this.totalLength) this.fail(new Error('not every announced byte arrived'));
    if (
      this.legacy ||
      (this.failure === undefined && !this.decipher && this.headBytes < ENVELOPE_PREFIX_BYTES)
    ) {
      const ciphertext = Buffer.concat(this.legacy ?? this.head);
      return openSealedDossier({ ciphertext, dispatch }, { decryptionKey, resolveStation });
    }
    const decipher = this.decipher;
    const layout = this.layout;
    const plaintext = this.plaintext;
    if (this.failure !== undefined || !decipher || !layout || !plaintext) {
      throw new SealedDossierRejected(
        'decryption-failed',
        'ciphertext does not decrypt with the central key',
        { cause: this.failure ?? new Error('truncated envelope') },
      );
    }
    try {
      if (this.tagBytes !== ENVELOPE_TAG_BYTES || this.decrypted !== layout.ciphertextLength)
        throw new Error('truncated envelope');
      decipher.setAuthTag(this.tag);
      const rest = decipher.final(); // throws when the tag does not verify
      if (rest.length > 0) throw new Error('unexpected trailing plaintext');
    } catch (cause) {
      throw new SealedDossierRejected(
        'decryption-failed',
        'ciphertext does not decrypt with the central key',
        { cause },
      );
    }
    return openFrame(plaintext.subarray(0, this.decrypted), verified);
  }

  /** Zeroes and returns the plaintext buffer; the reader is unusable afterwards. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.plaintext) this.options.pool.release(this.plaintext);
    this.plaintext = undefined;
    this.legacy = undefined;
    this.head = [];
  }

  private fail(error: unknown): void {
    if (this.failure === undefined) this.failure = error;
    this.legacy = undefined;
    this.head = [];
  }

  /** Decrypts the part of `bytes` (starting at envelope offset `at`) that is ciphertext; keeps the tag. */
  private feed(bytes: Uint8Array, at: number): void {
    const decipher = this.decipher!;
    const plaintext = this.plaintext!;
    const layout = this.layout!;
    const cipherEnd = layout.aadLength + layout.ciphertextLength;
    let from = 0;
    if (at < cipherEnd) {
      const upto = Math.min(bytes.length, cipherEnd - at);
      for (; from < upto; from += SLICE) {
        const out = decipher.update(bytes.subarray(from, Math.min(upto, from + SLICE)));
        if (this.decrypted + out.length > plaintext.length) {
          this.fail(new Error('plaintext overflow'));
          return;
        }
        out.copy(plaintext, this.decrypted);
        this.decrypted += out.length;
      }
      from = upto;
    }
    if (from < bytes.length) {
      const tail = bytes.subarray(from);
      if (this.tagBytes + tail.length > ENVELOPE_TAG_BYTES) {
        this.fail(new Error('more bytes than announced'));
        return;
      }
      this.tag.set(tail, this.tagBytes);
      this.tagBytes += tail.length;
    }
  }
}

/** Opens a sealed dossier from a stream of its bytes (e.g. a stored upload read back in chunks). */
export async function readSealedDossier(
  chunks: AsyncIterable<Uint8Array>,
  totalLength: number,
  dispatch: string,
  options: ReaderOptions & { resolveStation: StationKeyResolver },
): Promise<{ opened: OpenedDossier; reader: SealedDossierReader }> {
  const reader = new SealedDossierReader(totalLength, options);
  try {
    for await (const chunk of chunks) await reader.write(chunk);
    return { opened: await reader.finish(dispatch, options.resolveStation), reader };
  } catch (error) {
    reader.dispose();
    throw error;
  }
}

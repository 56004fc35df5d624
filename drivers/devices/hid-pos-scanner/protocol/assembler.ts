/**
 * Joins the Scanned Data Reports of one symbol: reports with the continued bit accumulate until
 * the last one. A symbol is refused (and the partial data dropped) when it grows beyond the limit,
 * when a report of another symbology arrives in the middle, or when the next part does not come in
 * time (a scanner unplugged mid-symbol); the next symbol starts clean.
 */
import { FrameError } from '../../../core/errors';
import { type Symbology, symbologyOf } from './aim';
import { decodeScannedDataReport } from './scanned-data';

export interface Scan {
  symbology: Symbology | 'unknown';
  /** The AIM identifier as sent ("]d1"), empty when the scanner sent none. */
  aim: string;
  bytes: Uint8Array;
  /** Number of HID reports the symbol took. */
  reports: number;
}

export interface AssemblerOptions {
  /** Largest symbol accepted (default 8 KiB: a DataMatrix holds at most 1,556 bytes, a QR 2,953). */
  maxBytes?: number;
  /** Longest wait between two parts of one symbol (default 250 ms; parts come 1 ms apart on USB). */
  partTimeoutMs?: number;
  now?: () => number;
}

export class ScanAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private symbology: Uint8Array | undefined;
  private lastPartAt = 0;
  private readonly maxBytes: number;
  private readonly partTimeoutMs: number;
  private readonly now: () => number;

  constructor(options: AssemblerOptions = {}) {
    this.maxBytes = options.maxBytes ?? 8192;
    this.partTimeoutMs = options.partTimeoutMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  /** True while a symbol is half received. */
  get pending(): boolean {
    return this.parts.length > 0;
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.symbology = undefined;
  }

  /**
   * Feeds one input report; returns the symbol when it is complete, undefined when more parts are
   * expected. Throws a FrameError for a malformed report or a broken sequence (state is reset).
   */
  push(report: Uint8Array): Scan | undefined {
    let decoded: ReturnType<typeof decodeScannedDataReport>;
    try {
      decoded = decodeScannedDataReport(report);
    } catch (error) {
      this.reset();
      throw error;
    }
    const at = this.now();
    if (this.pending) {
      if (at - this.lastPartAt > this.partTimeoutMs) {
        this.reset();
        throw new FrameError('TRUNCATED', 'the previous symbol stopped before its last report');
      }
      if (!sameBytes(this.symbology!, decoded.symbology)) {
        this.reset();
        throw new FrameError('UNEXPECTED', 'symbology changed in the middle of a symbol');
      }
    } else {
      this.symbology = decoded.symbology;
    }
    this.lastPartAt = at;
    this.size += decoded.data.length;
    if (this.size > this.maxBytes) {
      this.reset();
      throw new FrameError('TOO_LARGE', `symbol longer than ${this.maxBytes} bytes`);
    }
    this.parts.push(decoded.data);
    if (decoded.continued) return undefined;
    const bytes = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    const reports = this.parts.length;
    const identified = symbologyOf(decoded.symbology);
    this.reset();
    if (bytes.length === 0) throw new FrameError('TRUNCATED', 'a scanned data report with no data');
    return {
      symbology: identified?.symbology ?? 'unknown',
      aim: identified?.aim ?? '',
      bytes,
      reports,
    };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

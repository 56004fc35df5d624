/**
 * Protocol trace for technicians: timestamped bytes in and out of a device, in a bounded ring
 * buffer, off by default. Frames that may carry personal data (images, fingerprints, chip data)
 * are recorded masked: length and a short header only.
 */
export interface TraceEntry {
  at: string;
  direction: 'in' | 'out';
  /** Hex of the bytes, or of the first bytes followed by "…masked" when personal. */
  hex: string;
  length: number;
  note?: string;
}

const maskedPrefixBytes = 6;

export class ProtocolTrace {
  private readonly entries: TraceEntry[] = [];
  enabled = false;

  constructor(private readonly capacity = 500) {}

  /**
   * `visibleBytes` (personal frames only) narrows the shown prefix, e.g. to the report id alone
   * when the bytes right after it are already personal (pen coordinates).
   */
  record(
    direction: 'in' | 'out',
    bytes: Uint8Array,
    options: { personal?: boolean; note?: string; visibleBytes?: number } = {},
  ): void {
    if (!this.enabled) return;
    const prefix = Math.min(maskedPrefixBytes, Math.max(0, options.visibleBytes ?? maskedPrefixBytes));
    const shown = options.personal ? bytes.subarray(0, prefix) : bytes.subarray(0, 512);
    let hex = Buffer.from(shown).toString('hex');
    if (options.personal && bytes.length > prefix) hex += '…masked';
    else if (bytes.length > shown.length) hex += '…';
    this.entries.push({
      at: new Date().toISOString(),
      direction,
      hex,
      length: bytes.length,
      note: options.note,
    });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  snapshot(): TraceEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}

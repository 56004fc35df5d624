/**
 * Typed error of the WSQ codec. Every failure of the decoder on malformed input and every
 * rejected encoder argument surfaces as a `WsqError` with a stable machine-readable `code`.
 */

export type WsqErrorCode =
  /** The byte stream ended before the structure being read was complete. */
  | 'TRUNCATED'
  /** A marker was missing, unknown, misplaced or duplicated. */
  | 'BAD_MARKER'
  /** A marker segment (table, header, comment) has an inconsistent length or content. */
  | 'BAD_SEGMENT'
  /** A Huffman table is invalid or the entropy-coded data does not match it. */
  | 'BAD_HUFFMAN'
  /** The decoded coefficients do not fit the subband layout. */
  | 'BAD_DATA'
  /** A table needed for decoding (DTT, DQT or DHT) was never defined. */
  | 'MISSING_TABLE'
  /** Width or height is zero, too small for the 5-level wavelet tree, or otherwise unusable. */
  | 'BAD_DIMENSIONS'
  /** The image exceeds the configured pixel budget. */
  | 'TOO_LARGE'
  /** An encoder argument is invalid (pixel buffer size, bit rate, ppi). */
  | 'INVALID_INPUT';

export class WsqError extends Error {
  readonly code: WsqErrorCode;

  constructor(code: WsqErrorCode, message: string) {
    super(`WSQ ${code}: ${message}`);
    this.name = 'WsqError';
    this.code = code;
  }
}

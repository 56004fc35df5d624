/** Error of the finger image record parsers: malformed, truncated or oversized input, never a crash. */
export class FingerRecordError extends Error {
  constructor(
    readonly code: 'TRUNCATED' | 'BAD_CHECKSUM' | 'BAD_HEADER' | 'BAD_LENGTH' | 'TOO_LARGE' | 'UNEXPECTED',
    message: string,
  ) {
    super(message);
    this.name = 'FingerRecordError';
  }
}

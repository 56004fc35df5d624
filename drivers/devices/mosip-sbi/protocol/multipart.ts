/**
 * Streaming parser of `multipart/x-mixed-replace` bodies — product core protocol for SBI STREAM
 * (M-JPEG preview, ≥3 frames per second). Parts are delimited by `--boundary`; a part's
 * Content-Length is used when present, else the next delimiter ends it. Bounded buffering.
 */
import { FrameError } from '../../../core/errors';

export interface MultipartPart {
  headers: Map<string, string>;
  body: Uint8Array;
}

export function boundaryOf(contentType: string | undefined): string {
  const match = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
  if (!match?.[2]) throw new FrameError('BAD_HEADER', `no multipart boundary in "${contentType ?? ''}"`);
  return match[2];
}

export class MultipartParser {
  private buffer = Buffer.alloc(0);
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly maxPartBytes = 8 * 1024 * 1024,
  ) {
    this.delimiter = Buffer.from(`--${boundary}`, 'latin1');
  }

  push(chunk: Uint8Array): MultipartPart[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const parts: MultipartPart[] = [];
    for (;;) {
      const start = this.buffer.indexOf(this.delimiter);
      if (start < 0) {
        this.keepTail();
        break;
      }
      const headerStart = start + this.delimiter.length;
      const headerEnd = this.buffer.indexOf('\r\n\r\n', headerStart);
      if (headerEnd < 0) {
        this.checkSize();
        this.buffer = this.buffer.subarray(start);
        break;
      }
      const headers = new Map<string, string>();
      for (const line of this.buffer.subarray(headerStart, headerEnd).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const bodyStart = headerEnd + 4;
      const declared = headers.get('content-length');
      let bodyEnd: number;
      if (declared !== undefined) {
        const length = Number(declared);
        if (!Number.isInteger(length) || length < 0)
          throw new FrameError('BAD_LENGTH', 'bad part Content-Length');
        if (length > this.maxPartBytes) throw new FrameError('TOO_LARGE', `part of ${length} bytes`);
        if (this.buffer.length < bodyStart + length) {
          this.buffer = this.buffer.subarray(start);
          break;
        }
        bodyEnd = bodyStart + length;
      } else {
        const next = this.buffer.indexOf(this.delimiter, bodyStart);
        if (next < 0) {
          this.checkSize();
          this.buffer = this.buffer.subarray(start);
          break;
        }
        bodyEnd =
          next >= 2 && this.buffer[next - 2] === 0x0d && this.buffer[next - 1] === 0x0a ? next - 2 : next;
      }
      parts.push({ headers, body: Uint8Array.from(this.buffer.subarray(bodyStart, bodyEnd)) });
      this.buffer = this.buffer.subarray(bodyEnd);
    }
    return parts;
  }

  private checkSize(): void {
    if (this.buffer.length > this.maxPartBytes + 4096)
      throw new FrameError('TOO_LARGE', 'multipart part too large');
  }

  private keepTail(): void {
    const keep = Math.min(this.buffer.length, this.delimiter.length - 1);
    this.buffer = this.buffer.subarray(this.buffer.length - keep);
  }
}

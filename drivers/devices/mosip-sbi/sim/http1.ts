/**
 * A small HTTP/1.1 server-side layer on `net` for the SBI simulator: Node's http server rejects the
 * SBI verbs (MOSIPDISC, MOSIPDINFO, RCAPTURE, STREAM...) with HPE_INVALID_METHOD, so requests are
 * parsed here. One request per connection (SBI uses `Connection: close`); bounded header and body.
 */
import type { Socket } from 'node:net';
import { FrameError } from '../../../core/errors';

export interface HttpRequest {
  method: string;
  target: string;
  headers: Map<string, string>;
  body: Buffer;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;

/** Accumulates bytes until one complete request is available. */
export class Http1RequestParser {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): HttpRequest | undefined {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buffer.length > MAX_HEADER_BYTES) throw new FrameError('TOO_LARGE', 'HTTP header too large');
      return undefined;
    }
    const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
    const match = /^([A-Za-z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
    if (!match) throw new FrameError('BAD_HEADER', `bad request line "${lines[0] ?? ''}"`);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) throw new FrameError('BAD_HEADER', `bad header line "${line}"`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const length = Number(headers.get('content-length') ?? '0');
    if (!Number.isInteger(length) || length < 0) throw new FrameError('BAD_LENGTH', 'bad Content-Length');
    if (length > MAX_BODY_BYTES) throw new FrameError('TOO_LARGE', 'HTTP body too large');
    if (this.buffer.length < end + 4 + length) return undefined;
    const body = this.buffer.subarray(end + 4, end + 4 + length);
    return { method: match[1]!.toUpperCase(), target: match[2]!, headers, body: Buffer.from(body) };
  }
}

const reasons: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
};

export function responseHead(status: number, headers: Record<string, string | number>): Buffer {
  const lines = [`HTTP/1.1 ${status} ${reasons[status] ?? 'Status'}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Writes a complete JSON response and closes the connection. */
export function sendJson(
  socket: Socket,
  status: number,
  value: unknown,
  extra: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  if (socket.destroyed) return;
  socket.end(
    Buffer.concat([
      responseHead(status, {
        'CACHE-CONTROL': 'no-store',
        'Content-Type': 'application/json',
        'Content-Length': body.length,
        Connection: 'close',
        ...extra,
      }),
      body,
    ]),
  );
}

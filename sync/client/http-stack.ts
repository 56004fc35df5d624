/**
 * The HTTP stack tus-js-client sends its requests through (the tus protocol itself stays
 * tus-js-client's): node:https over the station's pinned mTLS agent, with a Content-Length body
 * written in large slices.
 *
 * Why not tus-js-client's DefaultHttpStack: for a Buffer body it sends no Content-Length (so the
 * 3 MB body goes out chunk-encoded) and writes it 16 KiB at a time, waiting for `drain` between
 * writes; on the 2-core station that costs more CPU and latency than the TLS encryption itself.
 * Here the body goes out in 64 KiB writes without waiting between them (until the socket asks
 * to), and progress is reported as each slice is flushed to the kernel: the delivery's stall
 * watchdog feeds on it. The slice bounds how long a healthy slow link shows no progress: at
 * 64 kbit/s, 8 s (with the former 1 MiB slices, over two minutes: the 30 s watchdog cut a
 * working upload, measured by the WAN bench's `slow` condition).
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { type Agent, request } from 'node:https';
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';
import { boundConnection } from './transport';

const SLICE = 64 * 1024;

class Response implements HttpResponse {
  constructor(
    private readonly res: IncomingMessage,
    private readonly body: string,
  ) {}
  getStatus(): number {
    return this.res.statusCode ?? 0;
  }
  getHeader(header: string): string | undefined {
    const value = this.res.headers[header.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  getBody(): string {
    return this.body;
  }
  getUnderlyingObject(): IncomingMessage {
    return this.res;
  }
}

class Request implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private progress: (sent: number) => void = () => undefined;
  private req: ClientRequest | undefined;

  constructor(
    private readonly method: string,
    private readonly url: string,
    private readonly agent: Agent,
    private readonly onBodySent?: (bytes: number) => void,
  ) {}

  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }
  getHeader(header: string): string | undefined {
    return this.headers[header];
  }
  setProgressHandler(handler: (sent: number) => void): void {
    this.progress = handler;
  }
  getUnderlyingObject(): ClientRequest | undefined {
    return this.req;
  }
  abort(): Promise<void> {
    this.req?.destroy();
    return Promise.resolve();
  }

  send(body: unknown = null): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const bytes = body instanceof Uint8Array ? body : undefined;
      if (body !== null && body !== undefined && !bytes)
        return reject(new Error('only byte bodies are supported'));
      const headers: Record<string, string | number> = { ...this.headers };
      if (bytes) headers['Content-Length'] = bytes.length;
      const req = request(this.url, { method: this.method, agent: this.agent, headers });
      boundConnection(req);
      this.req = req;
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(new Response(res, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (!bytes || bytes.length === 0) {
        req.end();
        return;
      }
      let at = 0;
      const next = () => {
        while (at < bytes.length) {
          const slice = bytes.subarray(at, Math.min(bytes.length, at + SLICE));
          at += slice.length;
          const sent = at;
          const more = req.write(slice, (error) => {
            if (!error) this.onBodySent?.(slice.length);
            this.progress(sent);
          });
          if (!more && at < bytes.length) {
            req.once('drain', next);
            return;
          }
        }
        req.end();
      };
      next();
    });
  }
}

/**
 * An HttpStack for tus-js-client that sends through `agent` (the pinned mTLS agent);
 * `onBodySent` hears of every body slice flushed to the connection (re-sends included).
 */
export function createHttpStack(agent: Agent, onBodySent?: (bytes: number) => void): HttpStack {
  return {
    createRequest: (method, url) => new Request(method, url, agent, onBodySent),
    getName: () => 'RecueilHttpStack',
  };
}

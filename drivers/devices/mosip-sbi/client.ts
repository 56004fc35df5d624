/**
 * MOSIP SBI HTTP client: sends the SBI verbs (MOSIPDISC, MOSIPDINFO, RCAPTURE, STREAM) to a device
 * service on 127.0.0.1 with node:http (which sends custom methods), scans the 4501–4600 port range
 * for services, validates JSON replies against the SBI shapes and parses the STREAM M-JPEG body.
 * Transport failures become DeviceErrors: refused/reset connections are 'disconnected'.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { DeviceError, FrameError } from '../../core/errors';
import {
  DeviceInfoEntry,
  DiscoveredDevice,
  type RCaptureRequest,
  RCaptureResponse,
  SBI_PORT_FIRST,
  SBI_PORT_LAST,
} from './protocol/messages';
import { boundaryOf, MultipartParser } from './protocol/multipart';

export interface SbiClientOptions {
  host?: string;
  /** Sent in the EXT header. */
  appName?: string;
  /** Largest JSON reply accepted (default 64 MiB: slap captures are big). */
  maxBodyBytes?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Deadline for the whole reply (default 10 s). */
  timeoutMs?: number;
}

export interface DiscoveryResult {
  port: number;
  devices: DiscoveredDevice[];
}

const connectionLost = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function sbiPortRange(first = SBI_PORT_FIRST, last = SBI_PORT_LAST): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

export class SbiClient {
  readonly host: string;
  private readonly appName: string;
  private readonly maxBodyBytes: number;

  constructor(options: SbiClientOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.appName = options.appName ?? 'Recueil';
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  }

  /** Asks every port for its devices; ports without a service are skipped quickly. */
  async discover(
    options: RequestOptions & { ports?: Iterable<number>; type?: string; concurrency?: number } = {},
  ): Promise<DiscoveryResult[]> {
    const ports = [...(options.ports ?? sbiPortRange())];
    const results: DiscoveryResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ports.length) {
        const port = ports[next++]!;
        try {
          const devices = await this.json(
            port,
            'MOSIPDISC',
            '/device',
            { type: options.type ?? 'Finger' },
            DiscoveredDevice.array(),
            {
              signal: options.signal,
              timeoutMs: options.timeoutMs ?? 1500,
            },
          );
          if (devices.length > 0) results.push({ port, devices });
        } catch (error) {
          if (options.signal?.aborted) throw error;
          // No service, or not an SBI service, on this port.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, ports.length) }, worker));
    return results.sort((a, b) => a.port - b.port);
  }

  deviceInfo(port: number, options: RequestOptions = {}): Promise<DeviceInfoEntry[]> {
    return this.json(port, 'MOSIPDINFO', '/info', undefined, DeviceInfoEntry.array(), options);
  }

  rcapture(port: number, body: RCaptureRequest, options: RequestOptions = {}): Promise<RCaptureResponse> {
    return this.json(port, 'RCAPTURE', '/capture', body, RCaptureResponse, options);
  }

  /** M-JPEG preview frames until the signal aborts, the device ends the stream, or `timeout` ms. */
  async *stream(
    port: number,
    body: { deviceId: string; deviceSubId: string | number; timeout?: number },
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<Uint8Array> {
    const response = await this.open(port, 'STREAM', '/stream', body, options.signal, 10_000);
    const contentType = response.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/')) {
      const text = await readBody(response, 1024 * 1024);
      throw new DeviceError(
        'protocol',
        'SBI_STREAM_REFUSED',
        `STREAM: ${Buffer.from(text).toString('utf8').slice(0, 200)}`,
      );
    }
    const parser = new MultipartParser(boundaryOf(contentType));
    try {
      for await (const chunk of response) {
        for (const part of parser.push(chunk as Buffer)) yield part.body;
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      throw mapTransportError(error, 'STREAM');
    } finally {
      response.destroy();
    }
  }

  private async json<S extends z.ZodType>(
    port: number,
    method: string,
    path: string,
    body: unknown,
    schema: S,
    options: RequestOptions,
  ): Promise<z.infer<S>> {
    const response = await this.open(port, method, path, body, options.signal, options.timeoutMs ?? 10_000);
    const bytes = await readBody(response, this.maxBodyBytes).catch((error: unknown) => {
      throw mapTransportError(error, method);
    });
    if (response.statusCode !== 200) {
      throw new DeviceError('protocol', 'SBI_HTTP_STATUS', `${method}: HTTP ${response.statusCode}`, {
        protocolStatus: String(response.statusCode),
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      throw new DeviceError('protocol', 'SBI_BAD_JSON', `${method}: reply is not JSON`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      throw new DeviceError(
        'protocol',
        'SBI_BAD_REPLY',
        `${method}: unexpected reply shape: ${result.error.message.slice(0, 300)}`,
      );
    }
    return result.data;
  }

  /** Sends the request and resolves with the response head; the deadline covers the whole body. */
  private open(
    port: number,
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<IncomingMessage> {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const req = httpRequest({
        host: this.host,
        port,
        method,
        path,
        headers: {
          Host: `${this.host}:${port}`,
          EXT: this.appName,
          'Content-Type': 'application/json',
          'Content-Length': payload.length,
          Connection: 'close',
        },
        agent: false,
      });
      const timer = setTimeout(
        () =>
          req.destroy(new DeviceError('timeout', 'SBI_NO_ANSWER', `${method}: no answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onAbort = () =>
        req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      req.on('response', (response) => {
        if (method === 'STREAM') clearTimeout(timer);
        response.once('close', cleanup);
        resolve(response);
      });
      req.on('error', (error) => {
        cleanup();
        reject(signal?.aborted ? signal.reason : mapTransportError(error, method));
      });
      req.end(payload);
    });
  }
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes)
        response.destroy(new FrameError('TOO_LARGE', `reply larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () => reject(Object.assign(new Error('reply aborted'), { code: 'ECONNRESET' })));
  });
}

function mapTransportError(error: unknown, context: string): DeviceError {
  if (error instanceof DeviceError) return error;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (code === 'ECONNREFUSED') {
    return new DeviceError(
      'disconnected',
      'SBI_SERVICE_UNREACHABLE',
      `${context}: no SBI service listening`,
      { cause: error },
    );
  }
  if (connectionLost.has(code) || /socket hang up|aborted/i.test(String((error as Error)?.message))) {
    return new DeviceError(
      'disconnected',
      'SBI_CONNECTION_LOST',
      `${context}: connection to the device service lost`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof FrameError) {
    return new DeviceError('protocol', 'SBI_BAD_REPLY', `${context}: ${error.message}`, { cause: error });
  }
  return new DeviceError('fatal', 'SBI_TRANSPORT', `${context}: ${String(error)}`, { cause: error });
}

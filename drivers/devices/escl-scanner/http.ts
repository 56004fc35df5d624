/**
 * The eSCL scanner's HTTP exchange (node:http): one request with a bounded body, a deadline and an
 * AbortSignal. Transport failures become DeviceErrors: a refused or reset connection is
 * 'disconnected' (the scanner is off or unplugged from ipp-usb), an expired deadline 'timeout', a
 * body over its bound 'protocol'.
 */
import { request as httpRequest } from 'node:http';
import { DeviceError } from '../../core/errors';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  body?: string;
  maxBodyBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

const lost = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);

export function httpCall(call: HttpCall): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    if (call.signal?.aborted) return reject(cancelled());
    const body = call.body === undefined ? undefined : Buffer.from(call.body, 'utf8');
    const req = httpRequest(call.url, {
      method: call.method,
      headers: {
        Accept: call.method === 'GET' && call.url.pathname.endsWith('NextDocument') ? '*/*' : 'text/xml',
        ...(body ? { 'Content-Type': 'text/xml', 'Content-Length': body.length } : {}),
      },
    });
    let settled = false;
    const fail = (error: DeviceError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new DeviceError(
            'timeout',
            'ESCL_TIMEOUT',
            `${call.method} ${call.url.pathname}: no answer in ${call.timeoutMs} ms`,
          ),
        ),
      call.timeoutMs,
    );
    const onAbort = () => fail(cancelled());
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      fail(
        lost.has(code)
          ? new DeviceError(
              'disconnected',
              'ESCL_UNREACHABLE',
              `scanner at ${call.url.host} unreachable (${code})`,
              { cause: error },
            )
          : new DeviceError(
              'protocol',
              'ESCL_HTTP',
              `${call.method} ${call.url.pathname}: ${error.message}`,
              { cause: error },
            ),
      );
    });
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > call.maxBodyBytes) {
        return fail(
          new DeviceError(
            'protocol',
            'ESCL_TOO_LARGE',
            `${call.url.pathname}: body of ${declared} bytes over ${call.maxBodyBytes}`,
          ),
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > call.maxBodyBytes)
          fail(
            new DeviceError(
              'protocol',
              'ESCL_TOO_LARGE',
              `${call.url.pathname}: body over ${call.maxBodyBytes} bytes`,
            ),
          );
        else chunks.push(chunk);
      });
      res.on('error', (error) =>
        fail(
          new DeviceError('disconnected', 'ESCL_UNREACHABLE', `reply from ${call.url.host} cut`, {
            cause: error,
          }),
        ),
      );
      res.on('aborted', () =>
        fail(new DeviceError('disconnected', 'ESCL_UNREACHABLE', `reply from ${call.url.host} cut`)),
      );
      res.on('end', () => {
        if (settled) return;
        if (!res.complete)
          return fail(new DeviceError('disconnected', 'ESCL_UNREACHABLE', `reply from ${call.url.host} cut`));
        settled = true;
        clearTimeout(timer);
        call.signal?.removeEventListener('abort', onAbort);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(body);
  });
}

function cancelled(): DeviceError {
  return new DeviceError('cancelled', 'ESCL_CANCELLED', 'scan cancelled');
}

import assert from 'node:assert/strict';
import { request } from 'node:https';
import { createServer, type Socket } from 'node:net';
import { test } from 'node:test';
import { classifyNetworkError } from './classify';
import { boundConnection } from './transport';

test('a TLS handshake that never completes fails fast as central-unreachable', async () => {
  // Accepts TCP, never answers the ClientHello.
  const held: Socket[] = [];
  const server = createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const started = Date.now();
    const error = await new Promise<Error>((resolve) => {
      const req = request(`https://127.0.0.1:${port}/v1/health`, { rejectUnauthorized: false });
      boundConnection(req, { connectMs: 1000, handshakeMs: 300 });
      req.on('error', resolve);
      req.end();
    });
    assert.equal((error as { code?: string }).code, 'ETIMEDOUT');
    assert.match(error.message, /TLS handshake not done within 300 ms/);
    assert.ok(Date.now() - started < 5000);
    const failure = classifyNetworkError(error, { sentBytes: false });
    assert.equal(failure.reason, 'central-unreachable');
    assert.equal(failure.scope, 'station');
  } finally {
    for (const s of held) s.destroy();
    server.close();
  }
});

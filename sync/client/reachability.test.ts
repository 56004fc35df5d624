import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { tcpReachability, watchLinkUp } from './reachability';

const listen = async () => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
};

test('a listening port answers; a closed one refuses', async () => {
  const { server, port } = await listen();
  assert.equal(await tcpReachability(`https://127.0.0.1:${port}`, 1000), 'answers');
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await tcpReachability(`https://127.0.0.1:${port}`, 1000), 'refused');
});

test('the watch fires once the port answers after refusing, never while it keeps answering', async () => {
  const { server, port } = await listen();
  let ups = 0;
  const stop = watchLinkUp(`https://127.0.0.1:${port}`, { intervalMs: 50, onUp: () => ups++ });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(ups, 0, 'answering from the start is no link-up');
  stop();
  await new Promise((resolve) => server.close(resolve));
  const up = new Promise<void>((resolve) => {
    watchLinkUp(`https://127.0.0.1:${port}`, { intervalMs: 50, onUp: resolve });
  });
  await new Promise((r) => setTimeout(r, 200));
  const again = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => again.listen(port, '127.0.0.1', resolve));
  await up;
  again.close();
});

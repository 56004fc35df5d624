import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { Result } from '../../common/errors';
import { connectionBudget } from '../ipc/admission';
import { EventBus } from '../services/event-bus';
import { createLogger } from '../services/logger';
import { type BridgeServer, startBridge } from './server';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });

function connect(url: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<unknown> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

function get(
  url: string,
  host?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, headers: host ? { host } : {} },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode bridge', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-bridge-'));
  const bus = new EventBus();
  const calls: unknown[] = [];
  let bridge: BridgeServer;
  let api: string;

  before(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    bridge = await startBridge({
      rendererDir: dir,
      bus,
      logger,
      dispatch: async (command, payload) => {
        calls.push([command, payload]);
        return { ok: true, value: { echoed: command } };
      },
    });
    api = `${bridge.origin.replace('http', 'ws')}/api?token=${bridge.token}`;
  });
  after(async () => {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback only, with a random port and a long token', () => {
    assert.match(bridge.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(bridge.token.length >= 40);
    assert.ok(bridge.uiUrl.startsWith(`${bridge.origin}/?token=`));
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await get(`${bridge.origin}/`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
    assert.match(
      String(res.headers['content-security-policy']),
      /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+\/api/,
    );
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get(`${bridge.origin}/`, 'evil.example:80');
    assert.equal(res.status, 421);
  });

  it('refuses a WebSocket without the token, with a wrong token, or from another origin', async () => {
    await assert.rejects(connect(api.replace(/token=.*/, ''), bridge.origin), /HTTP 401/);
    await assert.rejects(connect(api.replace(/token=.*/, 'token=guess'), bridge.origin), /HTTP 401/);
    await assert.rejects(connect(api, 'http://evil.example'), /HTTP 403/);
    await assert.rejects(connect(api, undefined), /HTTP 403/);
    assert.equal(calls.length, 0);
  });

  it('answers requests with envelopes and pushes events', async () => {
    const socket = await connect(api, bridge.origin);
    socket.send(JSON.stringify({ type: 'request', id: 7, command: 'station.info', payload: {} }));
    assert.deepEqual(await nextMessage(socket), {
      type: 'response',
      id: 7,
      result: { ok: true, value: { echoed: 'station.info' } },
    });
    const event = nextMessage(socket);
    bus.publish('milestone', { name: 'ui-ready' });
    assert.deepEqual(await event, { type: 'event', event: 'milestone', payload: { name: 'ui-ready' } });
    socket.close();
  });

  it('opens a session once from a launch URL: a second use of its code is refused', async () => {
    const launch = bridge.launchUrl();
    assert.match(launch, new RegExp(`^${bridge.origin}/launch\\?code=[\\w-]{30,}$`));
    assert.ok(!launch.includes(bridge.token), 'the session token is not in the launch URL');
    const first = await fetch(launch, { redirect: 'manual' });
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/');
    const cookie = first.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^recueil-session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0]!;
    // The cookie opens the WebSocket without the token.
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${bridge.origin.replace('http', 'ws')}/api`, {
        origin: bridge.origin,
        headers: { cookie: session },
      });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
    socket.close();
    // What `ps` showed of Chromium's command line opens nothing any more.
    const second = await fetch(launch, { redirect: 'manual' });
    assert.equal(second.status, 403);
    assert.equal(second.headers.get('set-cookie'), null);
    assert.match(await second.text(), /^Lien de lancement déjà utilisé ou expiré/);
    const guessed = await fetch(`${bridge.origin}/launch?code=guess`, { redirect: 'manual' });
    assert.equal(guessed.status, 403);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${bridge.origin.replace('http', 'ws')}/api`, {
          origin: bridge.origin,
          headers: { cookie: 'recueil-session=forged' },
        });
        ws.once('open', resolve);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }),
      /HTTP 401/,
    );
  });

  it('closes the socket on a malformed frame', async () => {
    const socket = await connect(api, bridge.origin);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"type":"request","id":"x"}');
    assert.equal(await closed, 1008);
  });
});

describe('browser-mode bridge under load', () => {
  const held: (() => void)[] = [];
  let bridge: BridgeServer;
  let api: string;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recueil-bridge-load-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    // Every request is held until the test lets it go: the station is as slow as it can be.
    const dispatch = () =>
      new Promise<Result<unknown>>((resolve) => held.push(() => resolve({ ok: true, value: null })));
    bridge = await startBridge({ rendererDir: dir, bus: new EventBus(), logger, dispatch });
    api = `${bridge.origin.replace('http', 'ws')}/api?token=${bridge.token}`;
  });
  after(() => bridge.close().then(() => rmSync(dir, { recursive: true, force: true })));

  /** Sends the frames and resolves once `expected` responses have arrived: code by request id. */
  function exchange(socket: WebSocket, frames: string[], expected: number, onEach?: () => void) {
    return new Promise<Map<number, string>>((resolve) => {
      const codes = new Map<number, string>();
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as {
          id: number;
          result: { ok: boolean; error?: { code: string } };
        };
        codes.set(frame.id, frame.result.ok ? 'ok' : frame.result.error!.code);
        onEach?.();
        if (codes.size === expected) resolve(codes);
      });
      for (const frame of frames) socket.send(frame);
    });
  }

  it('answers 10,000 pipelined calls on one socket, each either served or BUSY at once', async () => {
    const socket = await connect(api, bridge.origin);
    const frames = Array.from({ length: 10_000 }, (_, id) =>
      JSON.stringify({ type: 'request', id, command: 'queue.status', payload: {} }),
    );
    // The refusals arrive while the admitted calls are still held.
    const refused = await exchange(socket, frames, 10_000 - connectionBudget.maxInFlight);
    assert.ok([...refused.values()].every((c) => c === 'BUSY'));
    assert.equal(held.length, connectionBudget.maxInFlight);
    socket.removeAllListeners('message');
    const served = exchange(socket, [], connectionBudget.maxInFlight);
    for (const release of held.splice(0)) release();
    assert.ok([...(await served).values()].every((c) => c === 'ok'));
    socket.close();
  });

  it('admits camera stills within the byte budget, refuses the rest at once, and oversized requests', async () => {
    const socket = await connect(api, bridge.origin);
    const still = 'A'.repeat(11_990_000);
    const frames = Array.from({ length: 6 }, (_, id) =>
      JSON.stringify({
        type: 'request',
        id,
        command: 'portrait.analyze',
        payload: { jpegBase64: still, mode: 'final' },
      }),
    );
    const fits = Math.floor(connectionBudget.maxInFlightBytes / frames[0]!.length);
    const refused = await exchange(socket, frames, frames.length - fits);
    assert.ok([...refused.values()].every((c) => c === 'BUSY'));
    assert.equal(held.length, fits);
    socket.removeAllListeners('message');
    const large = exchange(
      socket,
      [
        JSON.stringify({
          type: 'request',
          id: 99,
          command: 'queue.status',
          payload: { pad: 'x'.repeat(100_000) },
        }),
      ],
      1,
    );
    assert.equal((await large).get(99), 'INVALID_REQUEST');
    socket.removeAllListeners('message');
    const served = exchange(socket, [], fits);
    for (const release of held.splice(0)) release();
    assert.ok([...(await served).values()].every((c) => c === 'ok'));
    socket.close();
  });
});

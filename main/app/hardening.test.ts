import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionBudget } from '../ipc/admission';
import { EventBus } from '../services/event-bus';
import { buildCsp } from './csp';
import { appOrigin, hardenSession, hardenWebContents, isPermissionAllowed } from './hardening';
import { isTrustedSender, registerStationIpc } from './ipc';
import { resolveRendererFile } from './renderer-protocol';
import { buildWindowOptions } from './window-options';

describe('window factory', () => {
  it('builds isolated, sandboxed windows without Node', () => {
    const options = buildWindowOptions({ preloadPath: '/app/preload.cjs' });
    const web = options.webPreferences ?? {};
    assert.equal(web.contextIsolation, true);
    assert.equal(web.sandbox, true);
    assert.equal(web.nodeIntegration, false);
    assert.equal(web.nodeIntegrationInWorker, false);
    assert.equal(web.nodeIntegrationInSubFrames, false);
    assert.equal(web.webSecurity, true);
    assert.equal(web.allowRunningInsecureContent, false);
    assert.equal(web.webviewTag, false);
    assert.equal(web.preload, '/app/preload.cjs');
  });
});

describe('content security policy', () => {
  it('allows no inline script, no eval, nothing from elsewhere', () => {
    const csp = buildCsp();
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /style-src 'self' 'sha256-/);
  });
});

describe('permissions', () => {
  it('allows only the camera (video) for the app origin', () => {
    assert.equal(isPermissionAllowed('media', `${appOrigin}/index.html`, { mediaTypes: ['video'] }), true);
    assert.equal(
      isPermissionAllowed('media', `${appOrigin}/index.html`, { mediaTypes: ['video', 'audio'] }),
      false,
    );
    assert.equal(isPermissionAllowed('media', `${appOrigin}/index.html`, { mediaTypes: [] }), false);
    assert.equal(isPermissionAllowed('media', 'https://evil.example/', { mediaTypes: ['video'] }), false);
    assert.equal(isPermissionAllowed('geolocation', `${appOrigin}/index.html`), false);
    assert.equal(isPermissionAllowed('notifications', `${appOrigin}/`), false);
  });

  it('installs request, check and device handlers plus a CSP header on the session', () => {
    const installed: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (installed.request = h),
      setPermissionCheckHandler: (h: never) => (installed.check = h),
      setDevicePermissionHandler: (h: never) => (installed.device = h),
      webRequest: { onHeadersReceived: (h: never) => (installed.headers = h) },
    };
    hardenSession(session as never);
    const decisions: boolean[] = [];
    const request = installed.request as (...a: unknown[]) => void;
    request({}, 'media', (ok: boolean) => decisions.push(ok), {
      requestingUrl: `${appOrigin}/`,
      mediaTypes: ['video'],
    });
    request({}, 'media', (ok: boolean) => decisions.push(ok), {
      requestingUrl: 'https://x.example/',
      mediaTypes: ['video'],
    });
    request({}, 'openExternal', (ok: boolean) => decisions.push(ok), { requestingUrl: `${appOrigin}/` });
    assert.deepEqual(decisions, [true, false, false]);
    const check = installed.check as (...a: unknown[]) => boolean;
    assert.equal(check({}, 'media', appOrigin, { requestingUrl: `${appOrigin}/` }), true);
    assert.equal(check({}, 'hid', appOrigin, { requestingUrl: `${appOrigin}/` }), false);
    assert.equal((installed.device as () => boolean)(), false);
    let headers: Record<string, string[]> = {};
    (installed.headers as (...a: unknown[]) => void)(
      { responseHeaders: { A: ['b'] } },
      (r: { responseHeaders: Record<string, string[]> }) => {
        headers = r.responseHeaders;
      },
    );
    assert.equal(headers['Content-Security-Policy']?.[0], buildCsp());
    assert.deepEqual(headers.A, ['b']);
  });
});

describe('web contents', () => {
  it('denies navigation away, redirects, webviews and new windows', () => {
    const handlers: Record<string, (event: { preventDefault(): void }, url?: string) => void> = {};
    let openHandler: (() => { action: string }) | undefined;
    hardenWebContents({
      on: ((name: string, h: (e: { preventDefault(): void }, url?: string) => void) => {
        handlers[name] = h;
      }) as never,
      setWindowOpenHandler: ((h: () => { action: string }) => {
        openHandler = h;
      }) as never,
    });
    const prevented = (name: string, url?: string) => {
      let was = false;
      handlers[name]?.({ preventDefault: () => (was = true) }, url);
      return was;
    };
    assert.equal(prevented('will-navigate', 'https://evil.example/'), true);
    assert.equal(prevented('will-navigate', 'file:///etc/passwd'), true);
    assert.equal(prevented('will-navigate', `${appOrigin}/index.html#/diagnostics`), false);
    assert.equal(prevented('will-redirect', 'https://evil.example/'), true);
    assert.equal(prevented('will-attach-webview'), true);
    assert.deepEqual(openHandler?.(), { action: 'deny' });
  });
});

describe('IPC sender check', () => {
  it('accepts only frames of the app origin', () => {
    assert.equal(isTrustedSender({ senderFrame: { url: `${appOrigin}/index.html` } } as never), true);
    assert.equal(isTrustedSender({ senderFrame: { url: 'https://evil.example/' } } as never), false);
    assert.equal(isTrustedSender({ senderFrame: null } as never), false);
  });

  it('refuses calls from another origin without dispatching, and forwards events to the window', async () => {
    let handler: ((event: unknown, command: unknown, payload: unknown) => Promise<unknown>) | undefined;
    const dispatched: string[] = [];
    const sent: unknown[] = [];
    const bus = new EventBus();
    registerStationIpc(
      { handle: ((_channel: string, h: typeof handler) => (handler = h)) as never },
      async (command) => {
        dispatched.push(command);
        return { ok: true, value: null };
      },
      bus,
      () => ({ send: (...args: unknown[]) => sent.push(args), isDestroyed: () => false }) as never,
    );
    const refused = await handler?.({ senderFrame: { url: 'http://127.0.0.1:9/' } }, 'station.info', {});
    assert.deepEqual((refused as { error: { code: string } }).error.code, 'FORBIDDEN');
    await handler?.(
      { senderFrame: { url: `${appOrigin}/index.html` }, sender: { id: 1, once: () => undefined } },
      'station.info',
      {},
    );
    assert.deepEqual(dispatched, ['station.info']);
    bus.publish('milestone', { name: 'ui-ready' });
    assert.equal(sent.length, 1);
  });

  it('bounds the work of a renderer: calls beyond its budget are BUSY at once, oversized ones refused', async () => {
    let handler: ((event: unknown, command: unknown, payload: unknown) => Promise<unknown>) | undefined;
    const held: (() => void)[] = [];
    registerStationIpc(
      { handle: ((_channel: string, h: typeof handler) => (handler = h)) as never },
      () => new Promise((resolve) => held.push(() => resolve({ ok: true, value: null }))),
      new EventBus(),
      () => undefined,
    );
    const event = {
      senderFrame: { url: `${appOrigin}/index.html` },
      sender: { id: 7, once: () => undefined },
    };
    const calls = Array.from({ length: 40 }, () => handler?.(event, 'queue.status', {}));
    const codes = (results: unknown[]) =>
      results.map((r) =>
        (r as { ok: boolean; error?: { code: string } }).ok
          ? 'ok'
          : (r as { error: { code: string } }).error.code,
      );
    // The refusals are answered while the admitted calls are still running.
    const refused = codes(await Promise.all(calls.slice(connectionBudget.maxInFlight)));
    assert.deepEqual(refused, Array(40 - connectionBudget.maxInFlight).fill('BUSY'));
    assert.equal(held.length, connectionBudget.maxInFlight);
    for (const release of held) release();
    assert.ok(
      codes(await Promise.all(calls.slice(0, connectionBudget.maxInFlight))).every((c) => c === 'ok'),
    );
    const large = await handler?.(event, 'queue.status', { padding: 'x'.repeat(100_000) });
    assert.equal((large as { error: { code: string } }).error.code, 'INVALID_REQUEST');
    assert.match((large as { error: { message: string } }).error.message, /Requête trop volumineuse/);
  });
});

describe('renderer protocol', () => {
  it('serves files inside the renderer folder only', () => {
    assert.equal(resolveRendererFile('/app/renderer', `${appOrigin}/`)?.file, '/app/renderer/index.html');
    assert.equal(
      resolveRendererFile('/app/renderer', `${appOrigin}/assets/a.js`)?.mimeType,
      'text/javascript; charset=utf-8',
    );
    assert.equal(resolveRendererFile('/app/renderer', `${appOrigin}/..%2f..%2fetc/passwd`), null);
    // The URL parser folds encoded dot segments: the result stays inside the folder.
    assert.equal(
      resolveRendererFile('/app/renderer', `${appOrigin}/%2e%2e/secret`)?.file,
      '/app/renderer/secret',
    );
    assert.equal(resolveRendererFile('/app/renderer', `${appOrigin}/a%00.html`), null);
  });
});

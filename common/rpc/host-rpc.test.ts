/**
 * HostClient's bounds: calls beyond the host's slots wait in a bounded queue, beyond it they are BUSY
 * at once; a call's timeout runs from when it is sent, and a liveness check tells a slow call from a
 * dead host; identical calls are coalesced; a method's own bound holds. Timers are mocked: no test
 * waits on the clock.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { z } from 'zod';
import {
  defineHostProtocol,
  type HostCallLimits,
  HostClient,
  type HostFrame,
  HostHealth,
  NoParams,
} from './host-rpc';

const protocol = defineHostProtocol({
  name: 'test',
  label: 'Le processus de test',
  methods: {
    echo: { params: z.object({ n: z.number(), blob: z.string().optional() }), result: z.number() },
    health: { params: NoParams, result: HostHealth },
  },
  events: {},
});

/** A host whose replies the test gives by hand. */
function harness(limits: Partial<HostCallLimits>) {
  let deliver: (frame: unknown) => void = () => undefined;
  const sent: Extract<HostFrame, { t: 'call' }>[] = [];
  const client = new HostClient(
    protocol,
    {
      send: () => undefined,
      onMessage(listener) {
        deliver = listener;
        return () => undefined;
      },
    },
    (frame) => {
      if (frame.t === 'call') sent.push(frame);
    },
    { onEvent: () => undefined, onReady: () => undefined },
    limits,
  );
  const reply = (method: string, value: unknown, index = 0) => {
    const call = sent.filter((f) => f.method === method)[index];
    assert.ok(call, `no ${method} call #${index} sent`);
    deliver({ t: 'reply', id: call.id, result: { ok: true, value } });
  };
  const health = { host: 'test', pid: 1, uptimeMs: 1, rssBytes: 1 };
  return { client, sent, reply, health };
}

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('HostClient limits', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('queues beyond its slots, refuses with BUSY beyond its queue, and answers every call', async () => {
    const h = harness({ maxInFlight: 2, maxQueued: 2 });
    const calls = Array.from({ length: 6 }, (_, n) => h.client.call('echo', { n }));
    const refused = await Promise.all(calls.slice(4));
    assert.deepEqual(refused.map(code), ['BUSY', 'BUSY']);
    assert.match(
      refused[0]!.ok ? '' : refused[0]!.error.message,
      /^Le processus de test est occupé par d’autres demandes : réessayez dans un instant\.$/,
    );
    assert.equal(!refused[0]!.ok && refused[0]!.error.details?.retryAfterMs, 1000);
    assert.equal(h.sent.length, 2, 'two calls at the host, two queued');
    h.reply('echo', 0, 0);
    h.reply('echo', 1, 1);
    await flush();
    assert.equal(h.sent.length, 4, 'the queued calls are sent as slots free up');
    h.reply('echo', 2, 2);
    h.reply('echo', 3, 3);
    assert.deepEqual((await Promise.all(calls.slice(0, 4))).map(code), ['ok', 'ok', 'ok', 'ok']);
  });

  it('times a call from when it is sent, not from when it was queued', async () => {
    const h = harness({ maxInFlight: 1, maxQueued: 4, maxQueueWaitMs: 60_000 });
    const first = h.client.call('echo', { n: 1 }, 1000);
    const second = h.client.call('echo', { n: 2 }, 1000);
    mock.timers.tick(900);
    h.reply('echo', 1, 0);
    await flush();
    assert.equal(h.sent.length, 2);
    mock.timers.tick(900); // 1.8 s since it was queued, 0.9 s since it was sent
    h.reply('echo', 2, 1);
    assert.deepEqual([code(await first), code(await second)], ['ok', 'ok']);
  });

  it('refuses with BUSY a call that waited too long in the queue (never a timeout)', async () => {
    const h = harness({ maxInFlight: 1, maxQueued: 4, maxQueueWaitMs: 5000 });
    const first = h.client.call('echo', { n: 1 }, 20_000);
    const second = h.client.call('echo', { n: 2 }, 20_000);
    mock.timers.tick(5000);
    const waited = await second;
    assert.equal(code(waited), 'BUSY');
    assert.equal(!waited.ok && waited.error.details?.reason, 'queue-wait');
    h.reply('echo', 1, 0);
    assert.equal(code(await first), 'ok');
    assert.equal(h.sent.length, 1, 'the refused call never reached the host');
  });

  it('says TIMEOUT when the host answers its liveness check, HOST_UNAVAILABLE when it does not', async () => {
    const h = harness({ livenessTimeoutMs: 2000 });
    const slow = h.client.call('echo', { n: 1 }, 1000);
    mock.timers.tick(1000);
    await flush();
    assert.equal(h.sent.at(-1)?.method, 'health', 'a timed-out call triggers a liveness check');
    h.reply('health', h.health, 0);
    const slowResult = await slow;
    assert.equal(code(slowResult), 'TIMEOUT');
    assert.match(slowResult.ok ? '' : slowResult.error.message, /ne répond pas à temps/);

    const dead = h.client.call('echo', { n: 2 }, 1000);
    mock.timers.tick(1000);
    await flush();
    mock.timers.tick(2000);
    const deadResult = await dead;
    assert.equal(code(deadResult), 'HOST_UNAVAILABLE');
    assert.match(deadResult.ok ? '' : deadResult.error.message, /ne répond plus/);
  });

  it('coalesces identical calls and holds a method to its own bound', async () => {
    const blob = 'b'.repeat(1_000_000);
    const h = harness({
      methods: {
        echo: { maxInFlight: 2, coalesce: ((p: { n: number; blob?: string }) => [p.n, p.blob]) as never },
      },
    });
    // The same still thirty times: one call at the host, one answer for all.
    const same = Array.from({ length: 30 }, () => h.client.call('echo', { n: 1, blob: `${blob}` }));
    assert.equal(h.sent.length, 1);
    const other = h.client.call('echo', { n: 2, blob });
    const third = await h.client.call('echo', { n: 3, blob });
    assert.equal(code(third), 'BUSY', 'a third distinct call is over the method bound');
    assert.equal(!third.ok && third.error.details?.reason, 'method-limit');
    h.reply('echo', 1, 0);
    h.reply('echo', 2, 1);
    const answers = await Promise.all(same);
    assert.ok(answers.every((a) => a.ok && a.value === 1));
    assert.equal(code(await other), 'ok');
    // Once answered, the same call runs again.
    void h.client.call('echo', { n: 1, blob });
    assert.equal(h.sent.length, 3);
  });

  it('answers queued and sent calls HOST_UNAVAILABLE when the host goes away', async () => {
    const h = harness({ maxInFlight: 1, maxQueued: 4 });
    const calls = [h.client.call('echo', { n: 1 }), h.client.call('echo', { n: 2 })];
    h.client.failPending('exit');
    assert.deepEqual((await Promise.all(calls)).map(code), ['HOST_UNAVAILABLE', 'HOST_UNAVAILABLE']);
    assert.deepEqual(h.client.load, { inFlight: 0, queued: 0 });
  });
});

/** The drivers' shared operation kit: the operation queue, operator prompts reported once, self-test checks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceError } from './errors';
import { OperationQueue } from './operation-queue';
import { operatorPrompts } from './operator-prompts';
import { selfTestChecks } from './self-test';

const transitions = { start: ['done'], done: [] } as const;
const internal = (reason: unknown, name: string) =>
  new DeviceError('fatal', 'X_INTERNAL', `${name}: ${String(reason)}`, { cause: reason });

describe('operation queue', () => {
  it('runs one operation at a time, in order, even after a failure', async () => {
    const queue = new OperationQueue({ toDeviceError: internal });
    const order: string[] = [];
    let release!: () => void;
    const first = queue.run('first', transitions, {}, 60_000, async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      order.push('first');
      throw new Error('boom');
    });
    const second = queue.run('second', transitions, {}, 60_000, async (op) => {
      order.push('second');
      op.to('done');
      return 2;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, []);
    release();
    await assert.rejects(
      first,
      (e: unknown) => e instanceof DeviceError && e.message === 'first: Error: boom',
    );
    assert.equal(await second, 2);
    assert.deepEqual(order, ['first', 'second']);
  });

  it('fails the running operation on cancel and every later one once closed', async () => {
    const queue = new OperationQueue({ toDeviceError: internal });
    const running = queue.run(
      'capture',
      transitions,
      {},
      60_000,
      (op) =>
        new Promise((_, reject) => op.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    queue.cancel();
    await assert.rejects(running, (e: unknown) => e instanceof DeviceError && e.kind === 'cancelled');
    const closed = new DeviceError('disconnected', 'X_CLOSED', 'closed');
    queue.close(closed);
    assert.equal(queue.closed, true);
    await assert.rejects(
      queue.run('identify', transitions, {}, 60_000, async () => 1),
      (e: unknown) => e === closed,
    );
  });

  it('closes on a disconnection only when asked', async () => {
    const unplugged = new DeviceError('disconnected', 'X_GONE', 'gone');
    for (const closeOnDisconnected of [false, true]) {
      const queue = new OperationQueue({ toDeviceError: internal, closeOnDisconnected });
      await assert.rejects(
        queue.run('read', transitions, {}, 60_000, async () => {
          throw unplugged;
        }),
        (e: unknown) => e === unplugged,
      );
      assert.equal(queue.closed, closeOnDisconnected);
    }
  });
});

describe('operator prompts', () => {
  it('reports each new prompt once and throws what is not a prompt', () => {
    const prompts: string[] = [];
    const progress: [string, number][] = [];
    const prompt = operatorPrompts({
      onPrompt: (e) => prompts.push(e.code),
      onProgress: (label, fraction) => progress.push([label, fraction]),
    });
    const place = new DeviceError('operator', 'NO_FINGER', 'no finger', { prompt: 'Posez le doigt' });
    prompt(place);
    prompt(place);
    prompt(new DeviceError('operator', 'MOVE', 'moved'));
    assert.deepEqual(prompts, ['NO_FINGER', 'MOVE']);
    assert.deepEqual(progress, [
      ['Posez le doigt', 0],
      ['moved', 0],
    ]);
    const fatal = new DeviceError('fatal', 'BROKEN', 'broken');
    assert.throws(
      () => prompt(fatal),
      (e: unknown) => e === fatal,
    );
  });
});

describe('self-test checks', () => {
  it('records a failing device check and goes on; a disconnection ends the self-test', async () => {
    const { check, result } = selfTestChecks(new AbortController().signal);
    await check('one', async () => 'fine');
    await check('two', async () => {
      throw new DeviceError('protocol', 'BAD', 'bad answer');
    });
    assert.deepEqual(result(), {
      passed: false,
      checks: [
        { name: 'one', passed: true, detail: 'fine' },
        { name: 'two', passed: false, detail: 'BAD: bad answer' },
      ],
    });
    const gone = new DeviceError('disconnected', 'GONE', 'gone');
    await assert.rejects(
      check('three', async () => {
        throw gone;
      }),
      (e: unknown) => e === gone,
    );
    await assert.rejects(
      check('four', async () => {
        throw new Error('bug');
      }),
      /bug/,
    );
  });
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { HostFrame, MessagePortLike } from '../../common/rpc/host-rpc';
import { createLogger } from '../services/logger';
import type { HostLauncher, HostProcess } from './launcher';
import { HostSupervisor } from './supervisor';

const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }) });

/** A host process that says nothing until told to, and records how it was killed. */
class SilentHost implements HostProcess {
  readonly pid: number;
  killedWith: string | undefined;
  private listeners: ((frame: unknown) => void)[] = [];
  private exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  readonly port: MessagePortLike = {
    send: (_frame: HostFrame) => undefined,
    onMessage: (listener) => {
      this.listeners.push(listener);
      return () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
    },
  };
  constructor(pid: number) {
    this.pid = pid;
  }
  sayReady(): void {
    for (const listener of this.listeners) listener({ t: 'ready', pid: this.pid });
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListeners.push(listener);
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.killedWith = signal;
    setImmediate(() => {
      for (const listener of this.exitListeners) listener(null, signal);
    });
  }
}

describe('host supervisor start', () => {
  it('kills a host that is not ready in time, rejects, and keeps restarting it until it is', async () => {
    const launched: SilentHost[] = [];
    const launcher: HostLauncher = {
      launch: () => {
        const host = new SilentHost(1000 + launched.length);
        launched.push(host);
        return host;
      },
    };
    const supervisor = new HostSupervisor('device', { launcher, logger, readyTimeoutMs: 100, backoffMs: 10 });
    await assert.rejects(supervisor.start(), /host device not ready after 100 ms/);
    assert.equal(launched[0]!.killedWith, 'SIGKILL', 'the hung host is killed');
    const running = new Promise<void>((resolve) =>
      supervisor.on('status', (status) => status.state === 'running' && resolve()),
    );
    while (launched.length < 2) await new Promise((r) => setTimeout(r, 5));
    launched[1]!.sayReady();
    await running;
    assert.equal(supervisor.current.restarts, 1);
    assert.equal(supervisor.current.pid, 1001);
    await supervisor.stop(100);
  });

  it('resolves once the host says ready', async () => {
    const host = new SilentHost(7);
    const supervisor = new HostSupervisor('sync', {
      launcher: { launch: () => host },
      logger,
      readyTimeoutMs: 5000,
    });
    const started = supervisor.start();
    host.sayReady();
    await started;
    assert.equal(supervisor.current.state, 'running');
    assert.equal(host.killedWith, undefined);
    await supervisor.stop(100);
  });

  it('a simulated crash kills the host and holds its restart until resume', async () => {
    const launched: SilentHost[] = [];
    const launcher: HostLauncher = {
      launch: () => {
        const host = new SilentHost(2000 + launched.length);
        launched.push(host);
        setImmediate(() => host.sayReady());
        return host;
      },
    };
    const supervisor = new HostSupervisor('device', { launcher, logger, backoffMs: 1 });
    await supervisor.start();
    await supervisor.crash();
    assert.equal(launched[0]!.killedWith, 'SIGKILL');
    assert.equal(supervisor.current.state, 'restarting');
    // Many back-off delays pass: the host stays down.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(launched.length, 1);
    const calls = await supervisor.call('health', {});
    assert.equal(calls.ok ? 'ok' : calls.error.code, 'HOST_UNAVAILABLE');
    await supervisor.resume();
    assert.equal(launched.length, 2);
    assert.equal(supervisor.current.state, 'running');
    assert.equal(supervisor.current.restarts, 1);
    await supervisor.stop(100);
  });
});

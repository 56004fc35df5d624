import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { kioskPolicy } from './kiosk-policy';
import { type KioskInput, type KioskWindow, startKioskShell } from './kiosk-shell';

function fakes(options: { locked?: boolean; crashes?: number[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'recueil-kiosk-'));
  const crashHistoryFile = join(dir, 'crashes.json');
  if (options.crashes) writeFileSync(crashHistoryFile, JSON.stringify(options.crashes));
  const calls: string[] = [];
  const timers: { ms: number; run: () => void }[] = [];
  const appListeners = new Map<string, () => void>();
  const app = {
    requestSingleInstanceLock: () => options.locked !== true,
    on: (event: 'second-instance', listener: () => void) => appListeners.set(event, listener),
    relaunch: () => calls.push('relaunch'),
    exit: (code?: number) => calls.push(`exit ${code}`),
    quit: () => calls.push('quit'),
  };
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const window: KioskWindow = {
    webContents: {
      on: (event: string, listener: (...args: never[]) => void) =>
        listeners.set(event, listener as (...args: unknown[]) => void),
      reload: () => calls.push('reload'),
    } as KioskWindow['webContents'],
    isMinimized: () => true,
    restore: () => calls.push('restore'),
    focus: () => calls.push('focus'),
  };
  let clock = 1_000_000;
  const shell = startKioskShell({
    app,
    setApplicationMenu: (menu) => calls.push(`menu ${menu}`),
    policy: kioskPolicy,
    crashHistoryFile,
    now: () => clock,
    setTimer: (run, ms) => {
      const timer = { ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      const index = timers.indexOf(handle as (typeof timers)[number]);
      if (index >= 0) timers.splice(index, 1);
    },
  });
  return {
    shell,
    window,
    calls,
    timers,
    crashHistoryFile,
    emit: (event: string, ...args: unknown[]) => listeners.get(event)?.(...args),
    secondInstance: () => appListeners.get('second-instance')?.(),
    advance: (ms: number) => {
      clock += ms;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('kiosk shell', () => {
  it('keeps one instance: a second launch quits, the first window comes forward', () => {
    const second = fakes({ locked: true });
    assert.equal(second.shell.primary, false);
    assert.deepEqual(second.calls, ['quit']);
    second.cleanup();
    const first = fakes();
    first.shell.attachWindow(first.window);
    first.secondInstance();
    assert.deepEqual(first.calls, ['menu null', 'restore', 'focus']);
    first.cleanup();
  });

  it('swallows the blocked shortcuts only', () => {
    const f = fakes();
    f.shell.attachWindow(f.window);
    const press = (input: KioskInput) => {
      let prevented = false;
      f.emit(
        'before-input-event',
        { preventDefault: () => (prevented = true) },
        { type: 'keyDown', ...input },
      );
      return prevented;
    };
    assert.equal(press({ key: 'r', control: true }), true);
    assert.equal(press({ key: 'F12' }), true);
    assert.equal(press({ key: 'F4', alt: true }), true);
    assert.equal(press({ key: 'a' }), false);
    f.cleanup();
  });

  it('reloads a crashed or hung renderer with backoff, not after a clean exit', () => {
    const f = fakes();
    f.shell.attachWindow(f.window);
    f.emit('render-process-gone', {}, { reason: 'clean-exit' });
    assert.equal(f.timers.length, 0);
    f.emit('render-process-gone', {}, { reason: 'crashed' });
    f.emit('render-process-gone', {}, { reason: 'crashed' });
    assert.deepEqual(
      f.timers.map((t) => t.ms),
      [500, 1000],
    );
    for (const t of f.timers.splice(0)) t.run();
    assert.deepEqual(f.calls.filter((c) => c === 'reload').length, 2);
    f.emit('unresponsive');
    f.emit('responsive');
    assert.equal(f.timers.length, 0, 'a renderer that recovers is not reloaded');
    f.emit('unresponsive');
    assert.equal(f.timers[0]?.ms, kioskPolicy.unresponsiveReloadMs);
    f.cleanup();
  });

  it('relaunches main after a crash with the persisted history, and gives up on a crash loop', () => {
    const f = fakes();
    const decision = f.shell.mainCrashed(new Error('boom'));
    assert.equal(decision.action, 'restart');
    f.timers[0]?.run();
    assert.deepEqual(f.calls.slice(-2), ['relaunch', 'exit 1']);
    assert.equal(JSON.parse(readFileSync(f.crashHistoryFile, 'utf8')).length, 1);
    f.cleanup();
    const looping = fakes({ crashes: [999_000, 999_200, 999_400, 999_600, 999_800] });
    assert.equal(looping.shell.mainCrashed(new Error('again')).action, 'give-up');
    assert.deepEqual(looping.calls.slice(-1), ['exit 1']);
    assert.ok(!looping.calls.includes('relaunch'));
    looping.cleanup();
  });
});

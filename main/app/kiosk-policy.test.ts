import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isBlockedShortcut,
  kioskPolicy,
  pruneCrashHistory,
  rendererGoneNeedsReload,
  restartDecision,
} from './kiosk-policy';

const policy = kioskPolicy.main;
const s = 1000;

describe('kiosk policy', () => {
  it('is one full-screen window without menu, frame or dev tools', () => {
    assert.equal(kioskPolicy.singleInstance, true);
    assert.equal(kioskPolicy.applicationMenu, null);
    assert.deepEqual(
      [
        kioskPolicy.window.kiosk,
        kioskPolicy.window.frame,
        kioskPolicy.window.devTools,
        kioskPolicy.window.closable,
      ],
      [true, false, false, false],
    );
  });

  it('restarts with exponential backoff, capped, reset after a stable period', () => {
    assert.deepEqual(restartDecision([], 0, policy), { action: 'restart', delayMs: 2 * s, consecutive: 1 });
    assert.deepEqual(restartDecision([0], 10 * s, policy), {
      action: 'restart',
      delayMs: 4 * s,
      consecutive: 2,
    });
    assert.deepEqual(restartDecision([0, 10 * s], 20 * s, policy), {
      action: 'restart',
      delayMs: 8 * s,
      consecutive: 3,
    });
    const capped = restartDecision([0, 1, 2, 3], 4, { ...policy, maxCrashesInWindow: 100 });
    assert.equal(capped.action === 'restart' && capped.delayMs, 32 * s);
    const longer = restartDecision([0, 1, 2, 3, 4, 5, 6], 7, { ...policy, maxCrashesInWindow: 100 });
    assert.equal(longer.action === 'restart' && longer.delayMs, policy.maxDelayMs);
    const stable = restartDecision([0], policy.stableAfterMs + 1, policy);
    assert.deepEqual(stable, { action: 'restart', delayMs: 2 * s, consecutive: 1 });
  });

  it('gives up instead of looping when crashes pile up in the window', () => {
    const crashes = [1, 2, 3, 4, 5].map((m) => m * 60 * s);
    const decision = restartDecision(crashes, 6 * 60 * s, policy);
    assert.equal(decision.action, 'give-up');
    assert.equal(decision.action === 'give-up' && decision.crashesInWindow, 6);
  });

  it('prunes the persisted history to what still matters', () => {
    assert.deepEqual(
      pruneCrashHistory([5, 1, 2 * 60 * 60 * s, 99 * 60 * 60 * s], 2 * 60 * 60 * s + 1, policy),
      [2 * 60 * 60 * s],
    );
  });

  it('reloads a renderer gone for any reason but a clean exit', () => {
    assert.equal(rendererGoneNeedsReload('crashed'), true);
    assert.equal(rendererGoneNeedsReload('oom'), true);
    assert.equal(rendererGoneNeedsReload('clean-exit'), false);
  });

  it('swallows reload, dev tools, close and zoom shortcuts, not typing', () => {
    assert.equal(isBlockedShortcut({ key: 'r', control: true }), true);
    assert.equal(isBlockedShortcut({ key: 'I', control: true, shift: true }), true);
    assert.equal(isBlockedShortcut({ key: 'F4', alt: true }), true);
    assert.equal(isBlockedShortcut({ key: 'F12' }), true);
    assert.equal(isBlockedShortcut({ key: '=', control: true }), true);
    assert.equal(isBlockedShortcut({ key: 'r' }), false);
    assert.equal(isBlockedShortcut({ key: 'a', control: true }), false);
  });
});

/**
 * Kiosk mode of a station, as pure data plus pure decisions (no Electron import), so the policy is
 * unit-tested without the binary; `main/app` applies it:
 * - one instance (`app.requestSingleInstanceLock()`; a second launch focuses the first window);
 * - one window, full screen, no frame, no menu (`Menu.setApplicationMenu(null)`), no dev tools,
 *   reload/close/zoom shortcuts swallowed (`before-input-event`);
 * - restart on crash with exponential backoff: a renderer that goes away is reloaded, a main process
 *   that hits a fatal error relaunches itself (`app.relaunch()` then `app.exit(1)`) after the delay
 *   decided from the persisted crash history; too many crashes in a row and it stops and shows the
 *   technician screen instead of looping (systemd or the Run key start it again at next login).
 */

export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialDelayMs: number;
  /** Each consecutive crash multiplies the delay. */
  factor: number;
  maxDelayMs: number;
  /** Running this long without a crash resets the count. */
  stableAfterMs: number;
  /** More crashes than this within `windowMs` and the station gives up (no restart loop). */
  maxCrashesInWindow: number;
  windowMs: number;
}

export interface KioskPolicy {
  singleInstance: true;
  window: {
    kiosk: true;
    fullscreen: true;
    frame: false;
    autoHideMenuBar: true;
    closable: false;
    minimizable: false;
    devTools: false;
  };
  applicationMenu: null;
  /** Electron accelerators swallowed in the window (reload, dev tools, close, zoom, full screen). */
  blockedShortcuts: readonly string[];
  /** A renderer unresponsive this long is reloaded. */
  unresponsiveReloadMs: number;
  renderer: BackoffPolicy;
  main: BackoffPolicy;
  /** Command-line switch that turns the policy on (auto-start entries pass it). */
  switch: '--kiosk';
}

export const kioskPolicy: KioskPolicy = {
  singleInstance: true,
  window: {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    closable: false,
    minimizable: false,
    devTools: false,
  },
  applicationMenu: null,
  blockedShortcuts: [
    'CommandOrControl+R',
    'CommandOrControl+Shift+R',
    'F5',
    'CommandOrControl+Shift+I',
    'F12',
    'CommandOrControl+W',
    'CommandOrControl+Q',
    'Alt+F4',
    'F11',
    'CommandOrControl+Plus',
    'CommandOrControl+-',
    'CommandOrControl+0',
  ],
  unresponsiveReloadMs: 30_000,
  renderer: {
    initialDelayMs: 500,
    factor: 2,
    maxDelayMs: 30_000,
    stableAfterMs: 5 * 60_000,
    maxCrashesInWindow: 8,
    windowMs: 10 * 60_000,
  },
  main: {
    initialDelayMs: 2_000,
    factor: 2,
    maxDelayMs: 60_000,
    stableAfterMs: 10 * 60_000,
    maxCrashesInWindow: 5,
    windowMs: 15 * 60_000,
  },
  switch: '--kiosk',
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; consecutive: number }
  | { action: 'give-up'; reason: string; crashesInWindow: number };

/**
 * What to do after a crash at `now`, given the earlier crash times (any order; the new crash is not
 * in the list). Consecutive crashes are those not separated by `stableAfterMs` of quiet.
 */
export function restartDecision(
  earlierCrashes: readonly number[],
  now: number,
  policy: BackoffPolicy,
): RestartDecision {
  const crashes = [...earlierCrashes.filter((t) => t <= now), now].sort((a, b) => a - b);
  const inWindow = crashes.filter((t) => now - t < policy.windowMs).length;
  if (inWindow > policy.maxCrashesInWindow) {
    return {
      action: 'give-up',
      reason: `${inWindow} crashes in ${Math.round(policy.windowMs / 60_000)} min`,
      crashesInWindow: inWindow,
    };
  }
  let consecutive = 1;
  for (let i = crashes.length - 1; i > 0; i--) {
    if (crashes[i]! - crashes[i - 1]! >= policy.stableAfterMs) break;
    consecutive++;
  }
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (consecutive - 1));
  return { action: 'restart', delayMs, consecutive };
}

/** Keeps only the crash times that can still matter (for the persisted history file). */
export function pruneCrashHistory(crashes: readonly number[], now: number, policy: BackoffPolicy): number[] {
  const horizon = Math.max(policy.windowMs, policy.stableAfterMs * 2);
  return crashes.filter((t) => t <= now && now - t < horizon).sort((a, b) => a - b);
}

/** `render-process-gone` reasons that call for a reload (a clean exit does not). */
export function rendererGoneNeedsReload(reason: string): boolean {
  return reason !== 'clean-exit';
}

/** Whether a key press (as Electron's `before-input-event` input) is one of the blocked shortcuts. */
export function isBlockedShortcut(
  input: { key: string; control?: boolean; meta?: boolean; shift?: boolean; alt?: boolean },
  policy: Pick<KioskPolicy, 'blockedShortcuts'> = kioskPolicy,
): boolean {
  const parts: string[] = [];
  if (input.control || input.meta) parts.push('CommandOrControl');
  if (input.alt) parts.push('Alt');
  if (input.shift) parts.push('Shift');
  const key = input.key.length === 1 ? input.key.toUpperCase() : input.key;
  parts.push(key === '=' || key === '+' ? 'Plus' : key);
  const pressed = parts.join('+');
  return policy.blockedShortcuts.some((s) => s.toLowerCase() === pressed.toLowerCase());
}

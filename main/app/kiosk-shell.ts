/**
 * Applies the kiosk policy (installer/kiosk.ts: the decisions) to the running Electron shell: one
 * instance, no menu, blocked shortcuts, a renderer that crashed or hung is reloaded with backoff,
 * a fatal error in main relaunches the app after the delay decided from the persisted crash
 * history, or gives up (no restart loop) when crashes come too fast.
 *
 * Written against the few Electron members it uses (structural types, no Electron import) so that
 * the wiring is unit-tested without the Electron binary; main.ts passes the real `app`, `Menu` and
 * window.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  isBlockedShortcut,
  type KioskPolicy,
  pruneCrashHistory,
  rendererGoneNeedsReload,
  restartDecision,
} from './kiosk-policy';

export interface KioskApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance', listener: () => void): unknown;
  relaunch(): void;
  exit(code?: number): void;
  quit(): void;
}

export interface KioskWebContents {
  on(
    event: 'before-input-event',
    listener: (event: { preventDefault(): void }, input: KioskInput) => void,
  ): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  on(event: 'unresponsive' | 'responsive', listener: () => void): unknown;
  reload(): void;
}

export interface KioskInput {
  type?: string;
  key: string;
  control?: boolean;
  meta?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export interface KioskWindow {
  webContents: KioskWebContents;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export interface KioskShellOptions {
  app: KioskApp;
  setApplicationMenu(menu: null): void;
  policy: KioskPolicy;
  /** Where main's crash times are kept between runs (JSON array of epoch ms). */
  crashHistoryFile: string;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface KioskShell {
  /** False when another instance runs: this one must quit (it has focused the other). */
  readonly primary: boolean;
  attachWindow(window: KioskWindow): void;
  /** A fatal error in main: relaunch after the policy's delay, or give up. Returns the decision. */
  mainCrashed(error: unknown): ReturnType<typeof restartDecision>;
}

function readCrashes(file: string): number[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((t): t is number => typeof t === 'number') : [];
  } catch {
    return [];
  }
}

export function startKioskShell(options: KioskShellOptions): KioskShell {
  const { app, policy } = options;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer =
    options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const log = options.log ?? (() => undefined);
  const windows: KioskWindow[] = [];

  const primary = app.requestSingleInstanceLock();
  if (!primary) {
    app.quit();
  } else {
    options.setApplicationMenu(policy.applicationMenu);
    app.on('second-instance', () => {
      const window = windows[0];
      if (!window) return;
      if (window.isMinimized()) window.restore();
      window.focus();
    });
  }

  return {
    primary,
    attachWindow(window) {
      windows.push(window);
      const contents = window.webContents;
      const rendererCrashes: number[] = [];
      let hung: unknown;
      contents.on('before-input-event', (event, input) => {
        if (input.type !== 'keyUp' && isBlockedShortcut(input, policy)) event.preventDefault();
      });
      contents.on('render-process-gone', (_event, details) => {
        if (!rendererGoneNeedsReload(details.reason)) return;
        const decision = restartDecision(rendererCrashes, now(), policy.renderer);
        rendererCrashes.push(now());
        log('renderer gone', { reason: details.reason, decision: decision.action });
        if (decision.action === 'restart') setTimer(() => contents.reload(), decision.delayMs);
      });
      contents.on('unresponsive', () => {
        hung = setTimer(() => {
          log('renderer unresponsive: reloading');
          contents.reload();
        }, policy.unresponsiveReloadMs);
      });
      contents.on('responsive', () => {
        if (hung !== undefined) clearTimer(hung);
        hung = undefined;
      });
    },
    mainCrashed(error) {
      const at = now();
      const earlier = readCrashes(options.crashHistoryFile);
      const decision = restartDecision(earlier, at, policy.main);
      try {
        writeFileSync(
          options.crashHistoryFile,
          JSON.stringify(pruneCrashHistory([...earlier, at], at, policy.main)),
        );
      } catch {
        // A read-only or full disk must not stop the restart decision.
      }
      log('main process crashed', {
        error: error instanceof Error ? error.message : String(error),
        decision: decision.action,
      });
      if (decision.action === 'restart') {
        setTimer(() => {
          app.relaunch();
          app.exit(1);
        }, decision.delayMs);
      } else {
        app.exit(1);
      }
      return decision;
    },
  };
}

/**
 * The station's clock, injectable: wall time (what the ledger keys minutes on), monotonic time
 * (what tells a real minute from a clock change) and timers, all in the clock's own milliseconds.
 * Production uses the system clock; a simulated bench may run a clock N times faster, starting at
 * a chosen instant (`clock` in station.json, `recueil start --clock-speed N`), or a stepped clock
 * paced by `recueil sim day`,
 * so that a simulated opening day takes minutes.
 */
import { performance } from 'node:perf_hooks';

export interface StationClock {
  /** Wall-clock time, ms since the epoch. */
  now(): number;
  /** Monotonic time in ms (origin arbitrary), unaffected by changes of the wall clock. */
  monotonic(): number;
  /** How many times faster than real time this clock runs (1 in production). */
  readonly speed: number;
  /** Calls `callback` after `ms` of this clock's time. */
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: StationClock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  speed: 1,
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * A clock `speed` times faster than real time that reads `start` (ms) at the real instant `anchor`
 * (default: now). With a fixed anchor the simulated time goes on across restarts of the station.
 */
export function acceleratedClock(options: { speed: number; start?: number; anchor?: number }): StationClock {
  const { speed } = options;
  const origin = performance.now();
  const anchor = options.anchor ?? Date.now();
  const start = options.start ?? anchor;
  const base = start + (Date.now() - anchor) * speed;
  const elapsed = () => (performance.now() - origin) * speed;
  return {
    now: () => base + elapsed(),
    monotonic: elapsed,
    speed,
    setTimer: (callback, ms) => setTimeout(callback, Math.max(0, ms / speed)),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

/** The clock a configuration asks for: the system clock unless `clock` is set (simulated benches). */
export function clockFor(config: {
  clock?: { speed: number; start?: string | undefined; anchor?: string | undefined } | undefined;
}): StationClock {
  if (!config.clock) return systemClock;
  const start = config.clock.start ? Date.parse(config.clock.start) : undefined;
  const anchor = config.clock.anchor ? Date.parse(config.clock.anchor) : undefined;
  if (config.clock.speed === 1 && start === undefined) return systemClock;
  return acceleratedClock({
    speed: config.clock.speed,
    ...(start !== undefined ? { start } : {}),
    ...(anchor !== undefined ? { anchor } : {}),
  });
}

/**
 * A clock that moves only when told (`advance`), firing due timers in order. `recueil sim day`
 * paces one: each simulated minute is advanced once the station has recorded the previous one, so
 * the figures of a simulated day do not depend on how loaded the machine is. Tests extend it
 * (clock-testing.ts).
 */
export class SteppedClock implements StationClock {
  protected wall: number;
  private mono = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;

  constructor(
    start: number,
    readonly speed = 1,
  ) {
    this.wall = start;
  }
  now() {
    return this.wall;
  }
  monotonic() {
    return this.mono;
  }
  setTimer(callback: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.mono + Math.max(0, ms), callback, id });
    return id;
  }
  clearTimer(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Time passes: both clocks move, due timers fire in order (awaiting what they start). */
  async advance(ms: number) {
    const end = this.mono + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.wall += due.at - this.mono;
      this.mono = due.at;
      due.callback();
      // Let the callback's promise chain settle before the next timer.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      await new Promise((r) => setImmediate(r));
    }
    this.wall += end - this.mono;
    this.mono = end;
  }
}

/**
 * Test support: a `StationClock` that moves only when told, firing due timers in order; its wall
 * clock can also jump on its own (a clock set backwards or forwards) while monotonic time does not.
 */
import type { StationClock } from './clock';

export class ManualClock implements StationClock {
  readonly speed = 1;
  private wall: number;
  private mono = 0;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(start: number) {
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
  /** The wall clock is set `ms` later (negative: earlier); real time does not move. */
  jump(ms: number) {
    this.wall += ms;
  }
  /** Real time passes: both clocks move, due timers fire in order (awaiting what they start). */
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

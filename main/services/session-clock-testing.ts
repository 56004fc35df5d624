/**
 * Test support for the agent session: a `SessionClock` whose time only moves when told to, firing
 * due timers in order. Not used by production code.
 */
import type { SessionClock } from './agent-session';

export class FakeClock implements SessionClock {
  private t: number;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(start = 0) {
    this.t = start;
  }
  now() {
    return this.t;
  }
  setTimer(callback: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, callback, id });
    return id;
  }
  clearTimer(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time forward, firing due timers in order. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = due.at;
      due.callback();
    }
    this.t = end;
  }
}

/**
 * Test support: a `StationClock` that moves only when told, firing due timers in order (the stepped
 * clock of clock.ts); its wall clock can also jump on its own (a clock set backwards or forwards)
 * while monotonic time does not.
 */
import { SteppedClock } from './clock';

export class ManualClock extends SteppedClock {
  /** The wall clock is set `ms` later (negative: earlier); real time does not move. */
  jump(ms: number) {
    this.wall += ms;
  }
}

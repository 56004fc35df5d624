/**
 * The availability recorder: during opening hours, once a minute, it classifies what the station
 * core sees (classify.ts) and hands the minute to the ledger, which the sync host keeps in SQLite
 * (sync/host/availability.ts, sync/store/availability).
 *
 * Why here and there: main is the only process that sees everything a minute depends on (both
 * hosts' supervision, the device inventory, the sync state, enrollment, free disk), and it loads
 * no native module; the sync host owns SQLite and outlives nothing main does not. So main decides
 * and the sync host stores. While the sync host is down (itself a cause, `host-crashed`), minutes
 * wait in memory (up to two weeks of them) and are written when it is back.
 *
 * Crashes: at start, the opening minutes between the ledger's last minute and now are written as
 * `down` / `station-not-running` (source `not-running`), bounded to the last 14 days (the day
 * report counts any older unrecorded opening minute the same way).
 *
 * Clock jumps: minutes are keyed on the wall clock, but the recorder also reads a monotonic clock.
 * Between two ticks it expects the wall minute to move as much as the monotonic one; a difference
 * of more than two minutes is a jump.
 * - Forward (the clock was set later): the opening minutes skipped over did pass for the station
 *   (it was running), so they are written with the state seen before the jump (source
 *   `clock-jump`): no minute is lost.
 * - Backward (set earlier): the minutes already recorded keep their first record; the ledger
 *   refuses a second record of a minute (counted as duplicates): no minute is counted twice.
 * Both are written as ledger events (`clock-jump-forward`/`-backward`, how many minutes) and
 * logged, and `recueil health` reports them.
 * A late timer (a busy or starved machine) fills the minutes it missed with the state it sees.
 */
import { isOpen, type OpeningHours, openingMinutesBetween } from '../../../common/availability/calendar';
import type { MinuteRecord } from '../../../common/domain';
import type { StationClock } from '../clock';
import type { Logger } from '../logger';
import { classify, type MinuteState, type Observation } from './classify';

export const MINUTE_MS = 60_000;
/** A wall clock that moves more than this many minutes off the monotonic one has jumped. */
export const JUMP_MINUTES = 2;
/** How far back a restart fills the ledger with `station-not-running`. */
export const MAX_GAP_FILL_MINUTES = 14 * 24 * 60;
/** Minutes kept in memory while the sync host cannot store them. */
export const MAX_PENDING = 20_000;

type LedgerEventInput = {
  kind: 'clock-jump-forward' | 'clock-jump-backward' | 'restart-gap';
  minute: number;
  minutes: number;
};

/** What the recorder needs of the ledger (the sync host's `availability*` methods). */
export interface LedgerPort {
  last(): Promise<{ minute: number | null; first: number | null; lastCentralContact: number | null }>;
  record(params: {
    records: MinuteRecord[];
    events?: LedgerEventInput[];
    lastCentralContact?: number;
  }): Promise<{ written: number; duplicates: number }>;
}

export interface RecorderOptions {
  clock: StationClock;
  hours: OpeningHours;
  ledger: LedgerPort;
  /**
   * The station as seen now, with the last successful sync as `lastCentralContact` when known
   * (main/services/signed-configuration.ts); the recorder also counts as contact each minute the
   * sync is online, and keeps the later of the two.
   */
  observe(): Promise<Observation>;
  logger: Logger;
  /** Called with each minute recorded (observed or filled), e.g. for the statistics screen. */
  onMinute?(record: MinuteRecord): void;
}

export class AvailabilityRecorder {
  private lastMinute: number | undefined;
  private lastMono = 0;
  private lastState: MinuteState | undefined;
  private lastContact: number | undefined;
  /** The ledger's last minute when the recorder started (the restart gap begins after it). */
  private resumeAfter: number | undefined;
  private pending: MinuteRecord[] = [];
  private events: LedgerEventInput[] = [];
  private timer: unknown;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  /** Minutes the ledger refused as already recorded (backward clock jumps). */
  duplicates = 0;

  constructor(private readonly options: RecorderOptions) {}

  /** Reads where the ledger stopped, then records the current minute (filling the gap) and ticks. */
  async start(): Promise<void> {
    try {
      const last = await this.options.ledger.last();
      this.lastContact = last.lastCentralContact ?? undefined;
      this.resumeAfter = last.minute ?? undefined;
    } catch (error) {
      this.options.logger.warn(
        { err: error },
        'availability ledger unavailable at start; the gap will show as unrecorded',
      );
    }
    await this.tick();
  }

  /** The opening minutes since the ledger's last one, up to the first minute observed: not running. */
  private fillRestartGap(now: number): void {
    const after = this.resumeAfter;
    this.resumeAfter = undefined;
    if (after === undefined || after + 1 >= now) return;
    const from = Math.max(after + 1, now - MAX_GAP_FILL_MINUTES);
    const gap = openingMinutesBetween(from, now, this.options.hours);
    for (const minute of gap)
      this.push({ minute, state: 'down', causes: [{ cause: 'station-not-running' }], source: 'not-running' });
    if (gap.length > 0) {
      this.events.push({ kind: 'restart-gap', minute: now, minutes: gap.length });
      this.options.logger.warn(
        { minutes: gap.length },
        'availability: station was not running during opening hours',
      );
    }
  }

  /** Resolves once the tick under way, if any, has recorded its minute (a paced simulated day). */
  settled(): Promise<void> {
    return this.running;
  }

  /** Stops ticking (minutes not yet stored are flushed once more). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.clock.clearTimer(this.timer);
    await this.running;
    await this.flush();
  }

  private push(record: MinuteRecord): void {
    this.pending.push(record);
    if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
    this.options.onMinute?.(record);
  }

  private schedule(): void {
    if (this.stopped) return;
    const { clock } = this.options;
    const next = (Math.floor(clock.now() / MINUTE_MS) + 1) * MINUTE_MS;
    this.timer = clock.setTimer(
      () => {
        this.running = this.tick();
      },
      next - clock.now() + 1,
    );
  }

  private fill(from: number, to: number, state: MinuteState, source: MinuteRecord['source']): void {
    for (const minute of openingMinutesBetween(from, to, this.options.hours))
      this.push({ minute, state: state.state, causes: state.causes, source });
  }

  private async tick(): Promise<void> {
    const { clock, hours, logger } = this.options;
    try {
      const observation = await this.options.observe();
      const now = clock.now();
      const mono = clock.monotonic();
      const minute = Math.floor(now / MINUTE_MS);
      if (observation.sync?.online) this.lastContact = now;
      const seen = observation.lastCentralContact;
      if (seen !== undefined && (this.lastContact === undefined || seen > this.lastContact))
        this.lastContact = seen;
      const state = classify({ ...observation, now, lastCentralContact: this.lastContact });
      if (this.lastMinute === undefined) this.fillRestartGap(minute);
      else if (this.lastState) {
        const expected = this.lastMinute + Math.round((mono - this.lastMono) / MINUTE_MS);
        const jumped = minute - expected;
        if (jumped > JUMP_MINUTES) {
          this.fill(this.lastMinute + 1, minute, this.lastState, 'clock-jump');
          this.events.push({ kind: 'clock-jump-forward', minute, minutes: jumped });
          logger.warn({ minutes: jumped }, 'availability: the clock jumped forward; skipped minutes filled');
        } else if (jumped < -JUMP_MINUTES) {
          this.events.push({ kind: 'clock-jump-backward', minute, minutes: -jumped });
          logger.warn(
            { minutes: -jumped },
            'availability: the clock jumped backward; minutes already recorded kept',
          );
        } else if (minute > this.lastMinute + 1) {
          this.fill(this.lastMinute + 1, minute, state, 'observed');
        }
      }
      if (minute !== this.lastMinute && isOpen(minute, hours))
        this.push({ minute, state: state.state, causes: state.causes, source: 'observed' });
      this.lastMinute = minute;
      this.lastMono = mono;
      this.lastState = state;
      await this.flush();
    } catch (error) {
      logger.warn({ err: error }, 'availability tick failed');
    } finally {
      this.schedule();
    }
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0 && this.events.length === 0) return;
    const records = this.pending;
    const events = this.events;
    this.pending = [];
    this.events = [];
    try {
      const result = await this.options.ledger.record({
        records,
        ...(events.length > 0 ? { events } : {}),
        ...(this.lastContact !== undefined ? { lastCentralContact: Math.round(this.lastContact) } : {}),
      });
      this.duplicates += result.duplicates;
    } catch {
      // The sync host is down or restarting: keep the minutes for the next tick.
      this.pending = [...records, ...this.pending].slice(-MAX_PENDING);
      this.events = [...events, ...this.events].slice(-16);
    }
  }
}

/**
 * The availability ledger's store: `availability.sqlite` in the station's data folder, one row per
 * recorded opening minute (migrations in ./migrations, run at open with a copy taken before an
 * upgrade, like the outbox). It only stores: which minutes are opening minutes, their state and
 * causes are decided by the station core (main/services/availability). A minute is written once:
 * a second record of the same minute (the clock went backwards) is ignored and reported back as a
 * duplicate, so no minute is ever counted twice.
 *
 * A separate file from the outbox: the outbox's startup recovery may rebuild its database from the
 * blob files, which a ledger could not survive, and a damaged ledger must never hold up dossiers.
 * Same durability as the outbox (WAL, synchronous=FULL): a recorded minute survives a power cut.
 */
import { existsSync } from 'node:fs';
import {
  type AvailabilityState,
  type MinuteCause,
  type MinuteRecord,
  MinuteSource,
} from '../../../common/domain/availability';
import { type Db, openDatabase } from '../database';
import { migrate } from '../migrate';
import { LEDGER_MIGRATIONS } from './migrations';

export const LEDGER_FILE = 'availability.sqlite';

const STATES: readonly AvailabilityState[] = ['ready', 'degraded', 'down'];
const SOURCES = MinuteSource.options;

export type LedgerEventKind = 'clock-jump-forward' | 'clock-jump-backward' | 'restart-gap';
export interface LedgerEvent {
  at: number;
  kind: LedgerEventKind;
  /** The minute where it was noticed. */
  minute: number;
  /** Minutes jumped, or minutes filled. */
  minutes: number;
}

export interface RecordResult {
  written: number;
  /** Minutes already recorded (ignored). */
  duplicates: number[];
}

interface Row {
  minute: number;
  state: number;
  causes: string | null;
  source: number;
}

export class AvailabilityLedger {
  private readonly causeSets = new Map<string, number>();

  private constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Opens (and creates or upgrades) the ledger at `path`. */
  static open(path: string, options: { now?: () => number } = {}): AvailabilityLedger {
    const db = openDatabase(path);
    try {
      migrate(db, LEDGER_MIGRATIONS, { backupPath: (from, to) => `${path}.pre-v${to}-from-v${from}.bak` });
    } catch (error) {
      db.close();
      throw error;
    }
    return new AvailabilityLedger(db, options.now ?? Date.now);
  }

  /** Opens an existing ledger read-only (CLI); undefined when the station never recorded one. */
  static openReadonly(path: string): AvailabilityLedger | undefined {
    if (!existsSync(path)) return undefined;
    return new AvailabilityLedger(openDatabase(path, { readonly: true }), Date.now);
  }

  private causeSet(causes: readonly MinuteCause[]): number {
    const json = JSON.stringify(
      causes.map((c) => ({
        cause: c.cause,
        ...(c.device ? { device: c.device } : {}),
        ...(c.host ? { host: c.host } : {}),
      })),
    );
    const known = this.causeSets.get(json);
    if (known !== undefined) return known;
    this.db.prepare('INSERT OR IGNORE INTO ledger_cause_sets (causes) VALUES (?)').run(json);
    const { id } = this.db.prepare('SELECT id FROM ledger_cause_sets WHERE causes = ?').get(json) as {
      id: number;
    };
    this.causeSets.set(json, id);
    return id;
  }

  /** Writes the minutes in one transaction; minutes already recorded are kept as they were. */
  record(records: readonly MinuteRecord[]): RecordResult {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO ledger_minutes (minute, state, cause_set, source) VALUES (?, ?, ?, ?)',
    );
    const duplicates: number[] = [];
    let written = 0;
    this.db
      .transaction(() => {
        for (const r of records) {
          const state = STATES.indexOf(r.state);
          const set = r.state === 'ready' ? null : this.causeSet(r.causes);
          const changes = insert.run(r.minute, state, set, SOURCES.indexOf(r.source)).changes;
          if (changes === 1) written++;
          else duplicates.push(r.minute);
        }
      })
      .immediate();
    return { written, duplicates };
  }

  lastMinute(): number | undefined {
    const row = this.db.prepare('SELECT max(minute) AS m FROM ledger_minutes').get() as { m: number | null };
    return row.m ?? undefined;
  }

  firstMinute(): number | undefined {
    const row = this.db.prepare('SELECT min(minute) AS m FROM ledger_minutes').get() as { m: number | null };
    return row.m ?? undefined;
  }

  /** Recorded minutes in [from, to), oldest first. */
  range(from: number, to: number): MinuteRecord[] {
    const rows = this.db
      .prepare(
        `SELECT m.minute, m.state, s.causes, m.source FROM ledger_minutes m
         LEFT JOIN ledger_cause_sets s ON s.id = m.cause_set
         WHERE m.minute >= ? AND m.minute < ? ORDER BY m.minute`,
      )
      .all(from, to) as Row[];
    return rows.map((row) => ({
      minute: row.minute,
      state: STATES[row.state]!,
      causes: row.causes ? (JSON.parse(row.causes) as MinuteCause[]) : [],
      source: SOURCES[row.source]!,
    }));
  }

  addEvent(kind: LedgerEventKind, minute: number, minutes: number): void {
    this.db
      .prepare('INSERT INTO ledger_events (at, kind, minute, minutes) VALUES (?, ?, ?, ?)')
      .run(this.now(), kind, minute, minutes);
  }

  /** Events noticed at minutes in [from, to), oldest first. */
  events(from: number, to: number): LedgerEvent[] {
    return this.db
      .prepare(
        'SELECT at, kind, minute, minutes FROM ledger_events WHERE minute >= ? AND minute < ? ORDER BY seq',
      )
      .all(from, to) as LedgerEvent[];
  }

  meta(key: string): number | undefined {
    const row = this.db.prepare('SELECT value FROM ledger_meta WHERE key = ?').get(key) as
      | { value: number }
      | undefined;
    return row?.value;
  }

  setMeta(key: string, value: number): void {
    this.db
      .prepare(
        'INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

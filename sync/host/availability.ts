/**
 * The sync host's side of the availability ledger: it owns `DATADIR/availability.sqlite` (the
 * ledger's store, sync/store/availability) because SQLite lives in the sync host, and serves the
 * `availability*` methods main's recorder calls. Opened on first use, whether or not the station is
 * enrolled (not being enrolled is itself a cause of unavailability worth recording).
 */
import { join } from 'node:path';
import type { MinuteRecord } from '../../common/domain/availability';
import { StationError } from '../../common/errors';
import { AvailabilityLedger, LEDGER_FILE, type LedgerEventKind } from '../store/availability';

const CENTRAL_CONTACT = 'central.lastContact';

export interface LedgerService {
  record(params: {
    records: MinuteRecord[];
    events?: { kind: LedgerEventKind; minute: number; minutes: number }[];
    lastCentralContact?: number;
  }): { written: number; duplicates: number };
  last(): { minute: number | null; first: number | null; lastCentralContact: number | null };
  range(params: { from: number; to: number }): { records: MinuteRecord[] };
  /** The ledger itself (opened on first use), for the health checks' restart facts. */
  store(): AvailabilityLedger;
  close(): void;
}

export function ledgerService(dataDir: string | undefined): LedgerService {
  let ledger: AvailabilityLedger | undefined;
  const open = () => {
    if (!dataDir)
      throw new StationError('INTERNAL', 'Le registre de disponibilité n’a pas de dossier de données.');
    ledger ??= AvailabilityLedger.open(join(dataDir, LEDGER_FILE));
    return ledger;
  };
  return {
    record({ records, events, lastCentralContact }) {
      const l = open();
      const result = l.record(records);
      for (const e of events ?? []) l.addEvent(e.kind, e.minute, e.minutes);
      if (lastCentralContact !== undefined) l.setMeta(CENTRAL_CONTACT, lastCentralContact);
      return { written: result.written, duplicates: result.duplicates.length };
    },
    last() {
      const l = open();
      return {
        minute: l.lastMinute() ?? null,
        first: l.firstMinute() ?? null,
        lastCentralContact: l.meta(CENTRAL_CONTACT) ?? null,
      };
    },
    range({ from, to }) {
      return { records: open().range(from, to) };
    },
    store: open,
    close() {
      ledger?.close();
    },
  };
}

/**
 * The end-of-run accounting of a chaos run: what the station said it submitted against what the
 * central server stored, read from both SQLite databases read-only (after both processes stopped).
 * Exactly once means: every submitted dossier is stored, nothing else is, the central recorded one
 * `stored` delivery per dossier (the others were answered as duplicates), and the station keeps the
 * very receipt the central signed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCentralConfig } from '../../central/api';
import { loadStationFile } from '../../sync/config/station-file';
import { openDatabase } from '../../sync/store/database';

export interface Ledger {
  submitted: number;
  received: number;
  /** Submitted but not stored by the central server. */
  lost: string[];
  /** Stored by the central server but never reported submitted. */
  unexpected: string[];
  /** Dossiers with more than one `stored` delivery. */
  duplicates: string[];
  /** Re-deliveries the central answered as duplicates (normal after crashes). */
  duplicateDeliveries: number;
  /** Station outbox counts by state. */
  outbox: Record<string, number>;
  /** Submitted dossiers whose station receipt differs from the central's (or is missing). */
  receiptMismatches: string[];
}

function readRows<T>(file: string, sql: string): T[] {
  if (!existsSync(file)) return [];
  const db = openDatabase(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

export function reconcile(stationJson: string, centralJson: string, submitted: ReadonlySet<string>): Ledger {
  const centralDb = join(loadCentralConfig(centralJson).dataDir, 'central.sqlite');
  const outboxDb = join(loadStationFile(stationJson).dataDir, 'outbox.sqlite');
  const stored = new Map(
    readRows<{ id: string; receipt: string }>(
      centralDb,
      'SELECT dossier_id AS id, receipt FROM dossiers',
    ).map((r) => [r.id, r.receipt] as const),
  );
  const deliveries = readRows<{ id: string; outcome: string }>(
    centralDb,
    'SELECT dossier_id AS id, outcome FROM deliveries',
  );
  const storedBy = new Map<string, number>();
  let duplicateDeliveries = 0;
  for (const d of deliveries) {
    if (d.outcome === 'stored') storedBy.set(d.id, (storedBy.get(d.id) ?? 0) + 1);
    else duplicateDeliveries++;
  }
  const outboxRows = readRows<{ id: string; state: string; receipt: string | null }>(
    outboxDb,
    'SELECT dossier_id AS id, state, receipt FROM outbox',
  );
  const outbox: Record<string, number> = {};
  const stationReceipts = new Map<string, string | null>();
  for (const row of outboxRows) {
    outbox[row.state] = (outbox[row.state] ?? 0) + 1;
    stationReceipts.set(row.id, row.receipt);
  }
  const lost = [...submitted].filter((id) => !stored.has(id));
  return {
    submitted: submitted.size,
    received: stored.size,
    lost,
    unexpected: [...stored.keys()].filter((id) => !submitted.has(id)),
    duplicates: [...storedBy].filter(([, n]) => n > 1).map(([id]) => id),
    duplicateDeliveries,
    outbox,
    receiptMismatches: [...submitted].filter(
      (id) => stored.has(id) && stationReceipts.get(id) !== stored.get(id),
    ),
  };
}

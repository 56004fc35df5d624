/** Test support: every minute of a station's availability ledger, read from its data folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MinuteRecord } from '../../../common/domain';
import { AvailabilityLedger, LEDGER_FILE } from '.';

export function ledgerMinutes(dataDir: string): MinuteRecord[] {
  const path = join(dataDir, LEDGER_FILE);
  if (!existsSync(path)) return [];
  const ledger = AvailabilityLedger.openReadonly(path)!;
  try {
    return ledger.range(0, Number.MAX_SAFE_INTEGER);
  } finally {
    ledger.close();
  }
}

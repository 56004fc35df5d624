/** Every migration of the availability ledger's database, in order; a new one is a new numbered file. */
import type { Migration } from '../../migrations/migration';
import { migration as m0001 } from './0001-ledger';

export const LEDGER_MIGRATIONS: readonly Migration[] = [m0001];

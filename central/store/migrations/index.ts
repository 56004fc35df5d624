/**
 * The reference central server's schema migrations, in order (numbered like the outbox's, applied by
 * the same runner, sync/store/migrate.ts). A new one is a new numbered file, appended here.
 */
import type { Migration } from '../../../sync/store/migrations/migration';
import { migration as m0001 } from './0001-central-dossiers';
import { migration as m0002 } from './0002-counter-services';
import { migration as m0003 } from './0003-dossier-lifecycle';
import { migration as m0004 } from './0004-ephoto';

export const CENTRAL_MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004];

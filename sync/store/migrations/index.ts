/** Every migration, in order. A new one is a new numbered file, appended here. */
import { migration as m0001 } from './0001-outbox';
import { migration as m0002 } from './0002-outbox-events';
import { migration as m0003 } from './0003-inbox';
import type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003];
export type { Migration };

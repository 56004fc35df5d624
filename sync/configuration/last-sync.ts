/**
 * The freeze rule's input: when the station last synced successfully with the central system
 * (the central answered its configuration pull, pull.ts), kept in `<dataDir>/configuration/last-sync.json`
 * (atomic file). A station that has never synced counts from its first start (`startFreezeCount`),
 * so a station installed and never connected freezes too. `freezeState` is the rule itself: frozen
 * once more than `freezeDays` have passed since. Times are the system clock's.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic-file';
import { configurationDir } from './in-force';

const FILE = 'last-sync.json';
const DAY_MS = 86_400_000;

const LastSync = z.strictObject({
  at: z.iso.datetime(),
  /** `sync`: a successful sync; `first-start`: never synced, counted from the first start. */
  kind: z.enum(['sync', 'first-start']),
});
export type LastSync = z.infer<typeof LastSync>;

/** The record, or undefined when there is none (or it is unreadable: then the count starts again). */
export function lastSuccessfulSync(dataDir: string): LastSync | undefined {
  try {
    return LastSync.parse(JSON.parse(readFileSync(join(configurationDir(dataDir), FILE), 'utf8')));
  } catch {
    return undefined;
  }
}

async function write(dataDir: string, record: LastSync): Promise<void> {
  const dir = configurationDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(dir, FILE, [Buffer.from(`${JSON.stringify(record)}\n`)]);
}

export function recordSuccessfulSync(dataDir: string, at: Date = new Date()): Promise<void> {
  return write(dataDir, { at: at.toISOString(), kind: 'sync' });
}

/** At the sync host's start: when there is no record yet, the count starts now. */
export async function startFreezeCount(dataDir: string, at: Date = new Date()): Promise<void> {
  if (!lastSuccessfulSync(dataDir)) await write(dataDir, { at: at.toISOString(), kind: 'first-start' });
}

export interface FreezeState {
  frozen: boolean;
  /** The last successful sync (or first start), ms. */
  since?: number;
  freezeDays: number;
}

export function freezeState(last: LastSync | undefined, now: number, freezeDays: number): FreezeState {
  if (!last) return { frozen: false, freezeDays };
  const since = Date.parse(last.at);
  return { frozen: now - since > freezeDays * DAY_MS, since, freezeDays };
}

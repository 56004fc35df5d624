/**
 * One syncer per outbox at a time, across processes (the station's sync host and a `recueil sync
 * now` run on the same data directory): an exclusive lock file, `<dataDir>/syncer.lock`, naming
 * the holder's pid. It is created complete and atomically (written to a temp file, then hard-linked
 * to its name, which fails if the name exists), so a reader never sees a half-written lock.
 *
 * A lock whose pid is no longer alive (the holder crashed or was killed) is stale: it is moved
 * aside under a unique name and re-checked there before being deleted, so two processes clearing
 * the same stale lock cannot delete a fresh one. The OS reuses pids: a stale lock naming a pid
 * that happens to be alive again is reported busy, naming that pid (a person can remove the file).
 *
 * The holder is the only process that may claim dossiers (`uploading` rows are its own) and the
 * only one that may run the startup recovery, which requeues `uploading` rows and adopts blob files.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SYNCER_LOCK_FILE = 'syncer.lock';

export class SyncerBusyError extends Error {
  constructor(readonly pid: number) {
    super(
      `Une autre synchronisation est déjà en cours sur ce poste (processus ${pid}) : les dossiers ` +
        `partiront avec elle. (another sync process, pid ${pid}, holds this outbox)`,
    );
    this.name = 'SyncerBusyError';
  }
}

export interface SyncerLock {
  readonly path: string;
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Takes the syncer lock of `dataDir` (which must exist); throws SyncerBusyError when a live
 * process (this one included) holds it.
 */
export function acquireSyncerLock(dataDir: string): SyncerLock {
  const path = join(dataDir, SYNCER_LOCK_FILE);
  const unique = `${process.pid}.${randomBytes(6).toString('hex')}`;
  const temp = join(dataDir, `.${SYNCER_LOCK_FILE}.${unique}.tmp`);
  const writeTemp = () =>
    writeFileSync(temp, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }), {
      mode: 0o600,
    });
  writeTemp();
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, path);
        let released = false;
        return {
          path,
          release() {
            if (released) return;
            released = true;
            if (ownerOf(path) === process.pid) unlinkSync(path);
          },
        };
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          writeTemp(); // our temp file was swept by a recovery: write it again
          continue;
        }
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const owner = ownerOf(path);
      if (owner !== undefined && isAlive(owner)) throw new SyncerBusyError(owner);
      // Stale (dead holder) or unreadable: move it aside, check what was moved, then delete it.
      const aside = join(dataDir, `.${SYNCER_LOCK_FILE}.${unique}.stale`);
      try {
        renameSync(path, aside);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') continue; // someone else cleared it: try again
        throw error;
      }
      const moved = ownerOf(aside);
      if (moved !== undefined && moved !== owner && isAlive(moved)) {
        // A fresh lock was created between our check and our rename: put it back.
        try {
          linkSync(aside, path);
        } catch {
          // The name was taken again meanwhile; the newest lock wins.
        }
        unlinkSync(aside);
        throw new SyncerBusyError(moved);
      }
      unlinkSync(aside);
    }
    throw new SyncerBusyError(ownerOf(path) ?? 0);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/** Like acquireSyncerLock, but undefined (and the holder's pid) when another live process holds it. */
export function tryAcquireSyncerLock(dataDir: string): { lock?: SyncerLock; holder?: number } {
  try {
    return { lock: acquireSyncerLock(dataDir) };
  } catch (error) {
    if (error instanceof SyncerBusyError) return { holder: error.pid };
    throw error;
  }
}

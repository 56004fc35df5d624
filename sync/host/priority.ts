/**
 * The sync host's OS scheduling priority: the sync is background work, the counter is not. The
 * host lowers its own priority at start (niceness SYNC_HOST_NICENESS; on Windows, Node maps it to
 * the BELOW_NORMAL priority class of the whole process), so that when the two cores are short,
 * the device host (live portrait checks, fingerprint quality) and main (the UI's answers) go
 * first, and the sync takes what they leave; with idle cores it runs at full speed.
 *
 * On Linux a niceness belongs to a thread, and threads inherit it when they are created: the
 * host renices every thread it already has (/proc/self/task: V8's and libuv's, started before
 * this module ran), and the ones it starts later inherit it from the main thread.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

export const SYNC_HOST_NICENESS = 5;

/**
 * Lowers this process's priority (all its threads) to `niceness`, never raising it (a host started
 * under `nice` stays as low); returns the threads reniced (1 off Linux).
 */
export function lowerOwnPriority(requested = SYNC_HOST_NICENESS): number {
  const niceness = Math.min(19, Math.max(requested, getPriority()));
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    setPriority(niceness); // not Linux: the process as a whole
    return 1;
  }
  let done = 0;
  for (const tid of threads) {
    try {
      setPriority(tid, niceness);
      done++;
    } catch {
      // a thread that ended meanwhile
    }
  }
  return done;
}

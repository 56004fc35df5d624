/**
 * A cross-process lock for the test files that drive pcscd + vpcd: the test runner runs two files
 * at once, and two suites starting, sharing and stopping the one pcscd would break each other.
 * Every suite that calls `ensurePcscd` should hold this lock from `before` to `after`.
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lockPath = join(tmpdir(), 'recueil-pcscd-tests.lock');

function holderAlive(): boolean {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (polling, up to `timeoutMs`) for the lock; returns its release function. */
export async function acquirePcscdLock(timeoutMs = 120000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch {
      if (!holderAlive()) rmSync(lockPath, { force: true });
      else if (Date.now() > deadline) throw new Error('timed out waiting for the pcscd test lock');
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
}

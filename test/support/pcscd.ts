/**
 * Starts Debian's pcscd (with the vsmartcard virtual reader, vpcd) for tests that go through the
 * real PC/SC stack, and stops it afterwards. Reuses a pcscd that is already running.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { acquirePcscdLock } from './pcscd-lock';

export const pcscdPath = '/usr/sbin/pcscd';
export const vpcdDriverPath = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

export function pcscdUnavailableReason(): string | undefined {
  if (!existsSync(pcscdPath)) return 'pcscd is not installed (apt-get install pcscd)';
  if (!existsSync(vpcdDriverPath)) return 'vpcd is not installed (apt-get install vsmartcard-vpcd)';
  if (process.getuid?.() !== 0) return 'starting pcscd needs root';
  return undefined;
}

function running(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'pcscd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits for a condition, polling, until a deadline: used for an external daemon we do not control. */
export async function pollUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface PcscdHandle {
  stop(): Promise<void>;
}

/**
 * Starts (or reuses) pcscd for one suite. Suites are serialised by a cross-process lock held until
 * `stop()`: the test runner runs two files at once and they share the one daemon and vpcd port.
 */
export async function ensurePcscd(vpcdPort = 35963): Promise<PcscdHandle> {
  const release = await acquirePcscdLock();
  let child: ChildProcess | undefined;
  if (!running()) {
    child = spawn(pcscdPath, ['--foreground'], { stdio: 'ignore' });
  }
  try {
    await pollUntil(() => portOpen(vpcdPort), 10000, 'vpcd to listen');
  } catch (error) {
    child?.kill('SIGTERM');
    release();
    throw error;
  }
  return {
    async stop() {
      try {
        if (!child || child.exitCode !== null) return;
        const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      } finally {
        release();
      }
    },
  };
}

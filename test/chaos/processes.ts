/**
 * The processes a chaos run drives: long-running `recueil` children (central server, station) that
 * announce themselves with a stdout line, one-shot `recueil` commands run asynchronously (so the
 * run keeps probing while they work), and resident memory read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const appRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = 'bin/recueil.mjs';

export interface Daemon {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The rest of the announcing line (e.g. the URL after `ui `). */
  readonly announced: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every stdout line seen so far (milestones, host status changes). */
  readonly lines: string[];
}

/** Starts `recueil ARGS` and resolves once a stdout line starts with `announce `. */
export function startDaemon(args: string[], announce: string, timeoutMs = 120_000): Promise<Daemon> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: appRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`recueil ${args.join(' ')}: no "${announce}" line after ${timeoutMs} ms`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 2000) lines.splice(0, 1000);
      if (line.startsWith(`${announce} `)) {
        clearTimeout(timer);
        resolve({ child, pid: child.pid!, announced: line.slice(announce.length + 1), exited, lines });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`recueil ${args[0]} exited early (${code ?? signal}): ${stderr}`));
    });
  });
}

/** SIGTERM (or the given signal), then waits for the exit; SIGKILL if it does not come in time. */
export async function stopDaemon(daemon: Daemon, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
  daemon.child.kill(signal);
  const timer = setTimeout(() => daemon.child.kill('SIGKILL'), 15_000);
  await daemon.exited;
  clearTimeout(timer);
}

export interface CommandOutcome {
  code: number | null;
  stdout: string[];
  stderr: string;
}

/** Runs a one-shot `recueil` command to completion; never throws on a non-zero exit. */
export function runCommand(args: string[], onLine?: (line: string) => void): Promise<CommandOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: appRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: string[] = [];
    let stderr = '';
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      onLine?.(line);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resident set size of a process in bytes, or undefined when it is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process is still alive (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function kill(pid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

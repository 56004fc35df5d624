/**
 * Size-based rotation of the station's log files in `<dataDir>/logs`: `recueil.log` is the active
 * file; when it reaches `maxFileBytes` it becomes `recueil.1.log`, older generations shift up
 * (`recueil.2.log`, ...), and generations beyond `maxFiles`, older than `maxAgeDays` or beyond the
 * `maxTotalBytes` budget (oldest first) are deleted. The active file is never deleted.
 *
 * `planLogRotation` is pure (a directory listing in, an ordered list of operations out) and is
 * unit-tested; `applyLogRotation` executes a plan on disk. The caller (the logger's destination)
 * reopens its file after a plan that renamed the active file (pino: `destination.reopen()`).
 * Files that do not follow the naming are left alone.
 */
import { readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface LogRotationPolicy {
  /** Base name of the active file (`recueil` gives recueil.log, recueil.1.log, ...). */
  baseName: string;
  maxFileBytes: number;
  /** Rotated generations kept (the active file is not counted). */
  maxFiles: number;
  /** Budget for all generations together, active file included. */
  maxTotalBytes: number;
  maxAgeDays: number;
}

export const defaultLogRotationPolicy: LogRotationPolicy = {
  baseName: 'recueil',
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 9,
  maxTotalBytes: 100 * 1024 * 1024,
  maxAgeDays: 30,
};

export interface LogFile {
  name: string;
  size: number;
  mtimeMs: number;
}

export type LogOperation =
  | { op: 'delete'; name: string; reason: string }
  | { op: 'rename'; from: string; to: string };

export interface LogRotationPlan {
  /** True when the active file was renamed: the writer must reopen it. */
  rotated: boolean;
  operations: LogOperation[];
}

const dayMs = 24 * 60 * 60 * 1000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The generation of a file name: 0 for the active file, n for `<base>.<n>.log`, null otherwise. */
export function logGeneration(name: string, baseName: string): number | null {
  if (name === `${baseName}.log`) return 0;
  const match = new RegExp(`^${escapeRegExp(baseName)}\\.([1-9]\\d{0,3})\\.log$`).exec(name);
  return match ? Number(match[1]) : null;
}

/** Decides what to rotate and delete. Operations are ordered so that executing them in order is safe. */
export function planLogRotation(
  files: readonly LogFile[],
  now: number,
  policy: LogRotationPolicy = defaultLogRotationPolicy,
): LogRotationPlan {
  const generations = new Map<number, LogFile>();
  for (const file of files) {
    const generation = logGeneration(file.name, policy.baseName);
    if (generation !== null) generations.set(generation, file);
  }
  const operations: LogOperation[] = [];
  const name = (g: number) => (g === 0 ? `${policy.baseName}.log` : `${policy.baseName}.${g}.log`);
  const active = generations.get(0);
  const rotated = active !== undefined && active.size >= policy.maxFileBytes;

  // After the (optional) shift, generation g holds what was g - shift.
  const shift = rotated ? 1 : 0;
  const kept: { generation: number; file: LogFile }[] = [];
  const ordered = [...generations.entries()].sort((a, b) => b[0] - a[0]); // oldest first
  for (const [generation, file] of ordered) {
    const target = generation + shift;
    if (generation > 0 && target > policy.maxFiles) {
      operations.push({ op: 'delete', name: file.name, reason: `beyond ${policy.maxFiles} generations` });
    } else if (generation > 0 && now - file.mtimeMs > policy.maxAgeDays * dayMs) {
      operations.push({ op: 'delete', name: file.name, reason: `older than ${policy.maxAgeDays} days` });
    } else {
      kept.push({ generation, file });
    }
  }
  // Shift the survivors, highest first, so no rename overwrites a file still to be moved.
  if (rotated) {
    for (const { generation } of kept)
      operations.push({ op: 'rename', from: name(generation), to: name(generation + 1) });
  }
  // Total budget: drop the oldest rotated generations until it fits (never the active file).
  let total = kept.reduce((sum, k) => sum + k.file.size, 0);
  for (const { generation, file } of kept) {
    if (total <= policy.maxTotalBytes) break;
    const current = generation + shift;
    if (current === 0) break;
    operations.push({
      op: 'delete',
      name: name(current),
      reason: `over the ${policy.maxTotalBytes}-byte budget`,
    });
    total -= file.size;
  }
  return { rotated, operations };
}

/** Lists the log files of a directory (the input of `planLogRotation`). */
export function listLogFiles(dir: string): LogFile[] {
  const files: LogFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const stat = statSync(join(dir, entry.name));
    files.push({ name: entry.name, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return files;
}

/** Executes a plan in `dir` (names only: a plan never leaves the directory). */
export function applyLogRotation(dir: string, plan: LogRotationPlan): void {
  const safe = (n: string) => {
    if (n.includes('/') || n.includes('\\') || n === '..' || n === '.') throw new Error(`bad log name ${n}`);
    return join(dir, n);
  };
  for (const operation of plan.operations) {
    if (operation.op === 'delete') unlinkSync(safe(operation.name));
    else renameSync(safe(operation.from), safe(operation.to));
  }
}

/** Plans and applies the rotation of `dir`; returns the plan (its `rotated` tells the writer to reopen). */
export function rotateLogs(
  dir: string,
  now = Date.now(),
  policy: LogRotationPolicy = defaultLogRotationPolicy,
): LogRotationPlan {
  const plan = planLogRotation(listLogFiles(dir), now, policy);
  applyLogRotation(dir, plan);
  return plan;
}

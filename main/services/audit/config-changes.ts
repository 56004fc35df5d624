/**
 * Configuration changes in the audit log. A station's configuration is a file that a technician
 * edits (or `recueil enroll` rewrites) while the station is stopped, so the change is noticed at
 * the next start: every setting is reduced to a digest of its value, the digests are compared with
 * the snapshot kept from the previous start, and each setting added, changed or removed is audited
 * as `config.change` with its path (never its value). The first start records one event.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../../../common/canonical-json';
import type { AuditLog } from './log';

/** A setting path as the audit schema accepts it ("session.idleLockMinutes"). */
const settingPath = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*){0,7}$/;

const digest = (value: unknown) =>
  createHash('sha256')
    .update(canonicalJson(value ?? null))
    .digest('hex')
    .slice(0, 32);

/**
 * Setting path -> digest of its value. Objects are walked down to their leaves; arrays, and keys
 * that are not plain identifiers, are digested whole at their parent's path.
 */
export function settingDigests(config: object): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string) => {
    const plainObject = value !== null && typeof value === 'object' && !Array.isArray(value);
    const keys = plainObject ? Object.keys(value as object) : [];
    const childPaths = keys.map((key) => (path ? `${path}.${key}` : key));
    if (plainObject && childPaths.every((p) => settingPath.test(p))) {
      keys.forEach((key, i) => {
        walk((value as Record<string, unknown>)[key], childPaths[i]!);
      });
    } else if (path) out[path] = digest(value);
  };
  walk(config, '');
  return out;
}

/** The paths whose digest differs between two snapshots (added, changed or removed), sorted. */
export function changedSettings(before: Record<string, string>, after: Record<string, string>): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((p) => before[p] !== after[p]).sort();
}

function readSnapshot(file: string): Record<string, string> | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Audits what changed in `config` since the snapshot in `snapshotFile`, then replaces the snapshot
 * (after the audit records are written: a crash in between audits the change again, never loses it).
 */
export async function auditConfigChanges(
  audit: Pick<AuditLog, 'append'>,
  config: object,
  snapshotFile: string,
): Promise<string[]> {
  const now = settingDigests(config);
  const before = readSnapshot(snapshotFile);
  const changed = before ? changedSettings(before, now) : [];
  if (!before) {
    await audit.append({
      actor: 'station',
      action: 'config.change',
      outcome: 'success',
      details: { reason: 'first-start', count: Object.keys(now).length },
    });
  }
  for (const setting of changed) {
    await audit.append({
      actor: 'station',
      action: 'config.change',
      outcome: 'success',
      objects: { setting },
      details: { reason: setting in now ? (before && setting in before ? 'changed' : 'added') : 'removed' },
    });
  }
  if (!before || changed.length > 0) {
    mkdirSync(dirname(snapshotFile), { recursive: true });
    const temporary = `${snapshotFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(now, null, 1), { mode: 0o600 });
    renameSync(temporary, snapshotFile);
  }
  return changed;
}

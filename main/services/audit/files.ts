/**
 * Audit files on disk: `audit-000001.jsonl`, `audit-000002.jsonl`, ... in one folder, numbered in
 * chain order. One record per line (canonical JSON + "\n").
 */
import { readdir } from 'node:fs/promises';

const filePattern = /^audit-(\d{6})\.jsonl$/;

export function auditFileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

export interface AuditFile {
  name: string;
  index: number;
}

/** The folder's audit files in chain order (missing folder = no files). */
export async function listAuditFiles(dir: string): Promise<AuditFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: AuditFile[] = [];
  for (const name of names) {
    const match = filePattern.exec(name);
    if (match) files.push({ name, index: Number(match[1]) });
  }
  return files.sort((a, b) => a.index - b.index);
}

/**
 * Splits a file's text into complete lines and an unterminated tail (a write cut by a crash, or a
 * truncation): `tail` is undefined when the file ends with "\n" or is empty.
 */
export function splitLines(text: string): { lines: string[]; tail: string | undefined } {
  const parts = text.split('\n');
  const last = parts.pop();
  return { lines: parts, tail: last === undefined || last === '' ? undefined : last };
}

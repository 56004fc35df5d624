/**
 * The hash chain: a record's `hash` is SHA-256 (hex) over the canonical JSON of all its other fields,
 * `prev` included, so editing, deleting or reordering any record breaks every link after it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../common/canonical-json';
import type { AuditRecord } from './schema';

export function recordHash(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _ignored, ...body } = record as AuditRecord;
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

/** The exact line written to disk for a record. */
export function recordLine(record: AuditRecord): string {
  return `${canonicalJson(record)}\n`;
}

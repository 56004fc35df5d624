/**
 * Verifies an audit folder end to end: every line parses as a record of the allow-listed schema,
 * sequence numbers follow each other, each `prev` is the previous record's `hash` (across files:
 * the first record of a file carries the last hash of the previous file), and each `hash` is the
 * SHA-256 of its record. That detects an edited byte, a deleted or inserted line, swapped lines, a
 * file removed or cut in the middle of the chain. A cut at the very end of the chain is invisible
 * to any hash chain on its own: pass an `anchor` (a head {seq, hash} kept elsewhere, e.g. sent
 * with the submissions or in the diagnostics bundle) to detect it.
 *
 * An unterminated last line of a file is reported as a warning, not a break: `append` resolves only
 * after the full line is fsync'ed, so such a line is a write cut by a crash that was never
 * acknowledged; the log reopens on a new file that continues the chain from the last whole record.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordHash } from './chain';
import { listAuditFiles, splitLines } from './files';
import { type AuditRecord, auditRecordSchema, genesisHash } from './schema';

export type BreakReason =
  | 'malformed'
  | 'invalid-record'
  | 'sequence'
  | 'chain'
  | 'hash'
  | 'missing-file'
  | 'anchor-mismatch'
  | 'unreadable';

export interface ChainBreak {
  file: string;
  /** 1-based line number (0 for a file-level problem). */
  line: number;
  reason: BreakReason;
  /** French, for the technician. */
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  /** Records verified before the first break (all of them when ok). */
  records: number;
  files: number;
  /** Last verified record: what to keep as an anchor. */
  head?: { seq: number; hash: string };
  firstBreak?: ChainBreak;
  warnings: { file: string; line: number; reason: 'torn-tail'; message: string }[];
}

export interface VerifyOptions {
  /** A head seen earlier: the chain must still contain it (detects truncation of the tail). */
  anchor?: { seq: number; hash: string };
}

const messages: Record<BreakReason, string> = {
  malformed: "ligne illisible (JSON invalide ou ligne vide) : l'enregistrement a été modifié ou coupé",
  'invalid-record': "enregistrement non conforme au schéma d'audit",
  sequence: 'numéro de séquence inattendu : enregistrement supprimé, inséré ou déplacé',
  chain: 'le hachage précédent ne correspond pas : enregistrement supprimé, inséré ou déplacé',
  hash: "le hachage de l'enregistrement ne correspond pas à son contenu : enregistrement modifié",
  'missing-file': 'fichier du journal manquant',
  'anchor-mismatch': "l'ancre connue est absente ou différente : fin du journal tronquée ou réécrite",
  unreadable: 'fichier illisible',
};

export async function verifyAuditLog(dir: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const files = await listAuditFiles(dir);
  const report: VerifyReport = { ok: true, records: 0, files: files.length, warnings: [] };
  let expectedSeq = 0;
  let prev = genesisHash;
  let head: { seq: number; hash: string } | undefined;
  let anchorSeen = false;
  const fail = (file: string, line: number, reason: BreakReason): VerifyReport => ({
    ...report,
    ok: false,
    records: expectedSeq,
    ...(head ? { head } : {}),
    firstBreak: { file, line, reason, message: messages[reason] },
  });

  let previousIndex: number | undefined;
  for (const file of files) {
    if (previousIndex !== undefined && file.index !== previousIndex + 1)
      return fail(file.name, 0, 'missing-file');
    if (previousIndex === undefined && file.index !== 1) return fail(file.name, 0, 'missing-file');
    previousIndex = file.index;
    let text: string;
    try {
      text = await readFile(join(dir, file.name), 'utf8');
    } catch {
      return fail(file.name, 0, 'unreadable');
    }
    const { lines, tail } = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      const lineNo = i + 1;
      let raw: unknown;
      try {
        raw = JSON.parse(lines[i]!);
      } catch {
        return fail(file.name, lineNo, 'malformed');
      }
      const parsed = auditRecordSchema.safeParse(raw);
      if (!parsed.success) return fail(file.name, lineNo, 'invalid-record');
      const record: AuditRecord = parsed.data;
      if (record.seq !== expectedSeq) return fail(file.name, lineNo, 'sequence');
      if (record.prev !== prev) return fail(file.name, lineNo, 'chain');
      if (recordHash(record) !== record.hash) return fail(file.name, lineNo, 'hash');
      if (options.anchor && record.seq === options.anchor.seq) {
        if (record.hash !== options.anchor.hash) return fail(file.name, lineNo, 'anchor-mismatch');
        anchorSeen = true;
      }
      prev = record.hash;
      head = { seq: record.seq, hash: record.hash };
      expectedSeq += 1;
    }
    if (tail !== undefined) {
      report.warnings.push({
        file: file.name,
        line: lines.length + 1,
        reason: 'torn-tail',
        message: 'dernière ligne incomplète (écriture interrompue, jamais confirmée) : ignorée',
      });
    }
  }
  if (options.anchor && !anchorSeen) {
    const last = files.at(-1);
    return fail(last?.name ?? '(aucun fichier)', 0, 'anchor-mismatch');
  }
  return { ...report, records: expectedSeq, ...(head ? { head } : {}) };
}

/**
 * The append-only audit log of the station (one writer: the main process; hosts report device
 * faults through it). Each event is validated against the allow-list (schema.ts), chained to the
 * previous record by SHA-256, and written as one JSON line.
 *
 * Durability: the current file is opened with O_APPEND (flag 'a'), so every write lands at the end
 * of the file and can never overwrite an earlier record, even if two handles were ever open; and
 * each record is fsync'ed before `append` resolves, so an action reported as audited survives a
 * power cut (stations are switched off at the wall at closing time). The cost, a few milliseconds
 * per record, is nothing at counter rates (a few records a minute). Appends are serialised in
 * process, since each record needs its predecessor's hash.
 *
 * Rotation: when a record would push the current file past `maxFileBytes`, a new numbered file is
 * started (and the folder fsync'ed); its first record carries the last hash of the previous file,
 * so the chain runs across files. An unterminated last line found at open (a write cut by a crash)
 * is left as it is, the log continues on a new file, and an `audit.recovered` record says so.
 */
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../../../common/canonical-json';
import { scrubForLog } from '../logger';
import { recordHash, recordLine } from './chain';
import { auditFileName, listAuditFiles, splitLines } from './files';
import {
  type AuditEvent,
  type AuditRecord,
  auditEventSchema,
  auditRecordSchema,
  genesisHash,
} from './schema';
import { type VerifyOptions, type VerifyReport, verifyAuditLog } from './verify';

export interface AuditLogOptions {
  /** Rotate before a file exceeds this size (default 8 MiB). */
  maxFileBytes?: number;
  /** Clock (tests). */
  now?: () => Date;
}

export interface AuditLog {
  readonly dir: string;
  /** Validates, chains, writes and fsyncs one record; resolves once it is durable. */
  append(event: AuditEvent): Promise<AuditRecord>;
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  /** Last record's position and hash (an anchor to keep elsewhere); undefined when empty. */
  head(): { seq: number; hash: string } | undefined;
  close(): Promise<void>;
}

/** An event refused by the allow-list. Carries paths and codes only, never the refused values. */
export class AuditEventRejected extends Error {
  constructor(readonly problems: string[]) {
    super(`audit event refused: ${problems.join('; ')}`);
    this.name = 'AuditEventRejected';
  }
}

export function validateAuditEvent(event: unknown): AuditEvent {
  const result = auditEventSchema.safeParse(event);
  if (!result.success) {
    throw new AuditEventRejected(
      result.error.issues.map((issue) => {
        const path = issue.path.join('.') || '(root)';
        return issue.code === 'unrecognized_keys'
          ? `${path}: unknown keys ${issue.keys.join(', ')}`
          : `${path}: ${issue.code}`;
      }),
    );
  }
  // Defence in depth: anything the log scrubber would censor has no place in the audit either.
  if (canonicalJson(scrubForLog(result.data)) !== canonicalJson(result.data))
    throw new AuditEventRejected(['(root): looks like personal data']);
  return result.data;
}

interface Tail {
  index: number;
  size: number;
  seq: number;
  hash: string;
  /** The current file ends with an unterminated line. */
  torn: boolean;
}

/** Finds the last whole record of the folder (scanning back over files without one). */
async function readTail(dir: string): Promise<Tail | undefined> {
  const files = await listAuditFiles(dir);
  const last = files.at(-1);
  if (!last) return undefined;
  const lastText = await readFile(join(dir, last.name), 'utf8');
  const torn = splitLines(lastText).tail !== undefined;
  for (let f = files.length - 1; f >= 0; f--) {
    const file = files[f]!;
    const text = f === files.length - 1 ? lastText : await readFile(join(dir, file.name), 'utf8');
    const { lines } = splitLines(text);
    for (let i = lines.length - 1; i >= 0; i--) {
      let raw: unknown;
      try {
        raw = JSON.parse(lines[i]!);
      } catch {
        continue; // verify() reports it; the log keeps working from the last readable record
      }
      const parsed = auditRecordSchema.safeParse(raw);
      if (parsed.success)
        return {
          index: last.index,
          size: Buffer.byteLength(lastText),
          seq: parsed.data.seq,
          hash: parsed.data.hash,
          torn,
        };
    }
  }
  return { index: last.index, size: Buffer.byteLength(lastText), seq: -1, hash: genesisHash, torn };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function openAuditLog(dir: string, options: AuditLogOptions = {}): Promise<AuditLog> {
  const maxFileBytes = options.maxFileBytes ?? 8 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  await mkdir(dir, { recursive: true, mode: 0o750 });
  const tail = await readTail(dir);
  let index = tail?.index ?? 1;
  let size = tail?.size ?? 0;
  let seq = (tail?.seq ?? -1) + 1;
  let prev = tail?.hash ?? genesisHash;
  let mustRotate = tail?.torn ?? false;
  const tornFile = tail?.torn ? auditFileName(tail.index) : undefined;
  let handle: FileHandle | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const openCurrent = async (): Promise<FileHandle> => {
    if (handle) return handle;
    const created = size === 0;
    handle = await open(join(dir, auditFileName(index)), 'a', 0o640);
    if (created) await syncDir(dir);
    return handle;
  };

  const rotate = async () => {
    await handle?.close();
    handle = undefined;
    index += 1;
    size = 0;
    mustRotate = false;
  };

  const write = async (event: AuditEvent): Promise<AuditRecord> => {
    if (closed) throw new Error('audit log closed');
    const body = { v: 1 as const, seq, ts: now().toISOString(), ...event, prev };
    const record: AuditRecord = { ...body, hash: recordHash(body) };
    const line = recordLine(record);
    const bytes = Buffer.byteLength(line);
    if (mustRotate || (size > 0 && size + bytes > maxFileBytes)) await rotate();
    const file = await openCurrent();
    try {
      await file.write(line);
      await file.sync();
    } catch (error) {
      // A partial line may be on disk: never append after it.
      mustRotate = true;
      await handle?.close().catch(() => undefined);
      handle = undefined;
      throw error;
    }
    size += bytes;
    seq += 1;
    prev = record.hash;
    return record;
  };

  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  if (tornFile) {
    await enqueue(() =>
      write({
        actor: 'station',
        action: 'audit.recovered',
        outcome: 'success',
        objects: { file: tornFile },
        details: { reason: 'torn-tail' },
      }),
    );
  }

  return {
    dir,
    append: (event) => {
      let valid: AuditEvent;
      try {
        valid = validateAuditEvent(event);
      } catch (error) {
        return Promise.reject(error);
      }
      return enqueue(() => write(valid));
    },
    verify: (verifyOptions) => enqueue(() => verifyAuditLog(dir, verifyOptions)),
    head: () => (seq === 0 ? undefined : { seq: seq - 1, hash: prev }),
    close: () =>
      enqueue(async () => {
        closed = true;
        await handle?.close();
        handle = undefined;
      }),
  };
}

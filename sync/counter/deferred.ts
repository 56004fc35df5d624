/**
 * Counter operations the station could not make because the central system was out of reach: a
 * typed number whose lookup is to be retried (flagged meanwhile), and the consumption at submit of
 * a pre-application or a tax stamp, and the mark of an e-photo code as used. They are journalled in the data folder (`counter-deferred.jsonl`,
 * one JSON line per event, appended and fsynced: concurrent writers cannot lose one another's
 * lines) and retried at the next sync (`retryDeferred`, run by `recueil sync now`). An operation is
 * done once the service answered, whatever it answered; the answer is journalled with it.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CounterLink,
  checkTaxStamp,
  consumePreApplication,
  consumeTaxStamp,
  fetchPreApplication,
  rdvStatus,
} from './client';
import { EphotoRefused, markEphotoUsed } from './ephoto';
import { CounterServiceError } from './errors';

/** Every kind of operation the journal defers (the sync host's `counter.resolved` event names them too). */
export const DEFERRED_KINDS = [
  'pre-application-lookup',
  'appointments-lookup',
  'tax-stamp-lookup',
  'pre-application-consume',
  'tax-stamp-consume',
  'ephoto-use',
] as const;
export type DeferredKind = (typeof DEFERRED_KINDS)[number];

export interface DeferredOperation {
  id: string;
  kind: DeferredKind;
  number: string;
  queuedAt: string;
  /** The application draft it belongs to, when there is one. */
  draftId?: string;
}

export interface DeferredOutcome {
  operation: DeferredOperation;
  done: boolean;
  answer?: unknown;
  message?: string;
}

const JOURNAL = 'counter-deferred.jsonl';

type Line =
  | { event: 'queued'; operation: DeferredOperation }
  | { event: 'done'; id: string; at: string; answer: unknown };

function append(dataDir: string, line: Line): void {
  mkdirSync(dataDir, { recursive: true });
  const fd = openSync(join(dataDir, JOURNAL), 'a', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(line)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function deferOperation(
  dataDir: string,
  kind: DeferredKind,
  number: string,
  options: { draftId?: string; now?: Date } = {},
): DeferredOperation {
  const operation: DeferredOperation = {
    id: randomUUID(),
    kind,
    number,
    queuedAt: (options.now ?? new Date()).toISOString(),
    ...(options.draftId ? { draftId: options.draftId } : {}),
  };
  append(dataDir, { event: 'queued', operation });
  return operation;
}

/** Operations queued and not done yet, oldest first (a torn last line is ignored). */
export function pendingOperations(dataDir: string): DeferredOperation[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, JOURNAL), 'utf8');
  } catch {
    return [];
  }
  const pending = new Map<string, DeferredOperation>();
  for (const raw of text.split('\n')) {
    if (!raw) continue;
    let line: Line;
    try {
      line = JSON.parse(raw) as Line;
    } catch {
      continue;
    }
    if (line.event === 'queued') pending.set(line.operation.id, line.operation);
    else pending.delete(line.id);
  }
  return [...pending.values()];
}

async function perform(link: CounterLink, op: DeferredOperation): Promise<unknown> {
  switch (op.kind) {
    case 'pre-application-lookup':
      return fetchPreApplication(link, op.number);
    case 'appointments-lookup':
      return rdvStatus(link, op.number);
    case 'tax-stamp-lookup':
      return checkTaxStamp(link, op.number);
    case 'pre-application-consume':
      return consumePreApplication(link, op.number);
    case 'tax-stamp-consume':
      return consumeTaxStamp(link, op.number);
    case 'ephoto-use':
      return markEphotoUsed(link, op.number);
  }
}

/**
 * Retries every pending operation once. Stops at the first one that finds the central still out
 * of reach (the others would too); an operation refused for its own reasons (bad number, service
 * error) is kept for the next sync, with its message in the outcome.
 */
export async function retryDeferred(link: CounterLink, now = new Date()): Promise<DeferredOutcome[]> {
  const outcomes: DeferredOutcome[] = [];
  for (const operation of pendingOperations(link.dataDir)) {
    try {
      const answer = await perform(link, operation);
      append(link.dataDir, { event: 'done', id: operation.id, at: now.toISOString(), answer });
      outcomes.push({ operation, done: true, answer });
    } catch (error) {
      if (error instanceof EphotoRefused) {
        // The provider no longer knows the code: nothing is left to mark.
        append(link.dataDir, {
          event: 'done',
          id: operation.id,
          at: now.toISOString(),
          answer: error.reason,
        });
        outcomes.push({ operation, done: true, answer: error.reason, message: error.messageFr });
        continue;
      }
      if (!(error instanceof CounterServiceError)) throw error;
      outcomes.push({ operation, done: false, message: error.messageFr });
      if (error.offline) break;
    }
  }
  return outcomes;
}

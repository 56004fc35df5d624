/**
 * The sync host's side of the counter checks: the identity step's lookups (pre-application,
 * appointments, tax stamp) over the station's mutual-TLS link, journalled as deferred
 * (sync/counter/deferred.ts) when the central is out of reach, and the drain of that journal after
 * each background sync pass: every operation the services answered is reported (`onResolved`), so
 * main records the answer against the draft that was waiting for it. One drain at a time; an empty
 * journal costs a file read and opens no connection.
 */
import { compactNumber } from '../../common/domain/counter-numbers';
import {
  type CounterLink,
  CounterServiceError,
  checkTaxStamp,
  consumePreApplication,
  consumeTaxStamp,
  deferOperation,
  EphotoRefused,
  fetchEphoto,
  fetchPreApplication,
  markEphotoUsed,
  pendingOperations,
  rdvStatus,
  retryDeferred,
} from '../counter';
import type { CounterLookupKind, CounterLookupResult, CounterResolved, EphotoFetchResult } from './protocol';

export interface CounterHostService {
  lookup(kind: CounterLookupKind, number: string): Promise<CounterLookupResult>;
  /** At submit: the pre-application filed (its number then consumed) or the stamp consumed; deferred offline. */
  consume(kind: 'pre-application' | 'tax-stamp', number: string, draftId?: string): Promise<CounterConsumed>;
  /** The verified record of an e-photo code, or why it is refused (nothing is journalled). */
  ephoto(code: string): Promise<EphotoFetchResult>;
  /** Marks a code used at submit; journalled (`ephoto-use`) when the provider cannot be told now. */
  ephotoUsed(code: string, draftId?: string): Promise<{ outcome: 'marked' | 'deferred' }>;
  /** Redoes the journalled operations (after a sync pass); resolves once done or out of reach. */
  drain(): Promise<void>;
  close(): void;
}

export interface CounterConsumed {
  outcome: 'done' | 'deferred' | 'failed';
  consumed?: boolean;
  message?: string;
}

export function counterHostService(options: {
  dataDir: string;
  openLink: () => Promise<CounterLink>;
  onResolved: (resolved: CounterResolved) => void;
}): CounterHostService {
  let link: Promise<CounterLink> | undefined;
  let draining: Promise<void> | undefined;
  const opened = () => {
    link ??= options.openLink();
    link.catch(() => {
      link = undefined;
    });
    return link;
  };

  const answer = async (kind: CounterLookupKind, number: string): Promise<CounterLookupResult> => {
    const l = await opened();
    switch (kind) {
      case 'pre-application':
        return { outcome: 'answered', kind, answer: await fetchPreApplication(l, number) };
      case 'appointments':
        return { outcome: 'answered', kind, answer: await rdvStatus(l, number) };
      case 'tax-stamp':
        return { outcome: 'answered', kind, answer: await checkTaxStamp(l, number) };
    }
  };

  const drainOnce = async () => {
    if (pendingOperations(options.dataDir).length === 0) return;
    for (const outcome of await retryDeferred(await opened())) {
      if (!outcome.done) continue;
      const { id, kind, number, draftId } = outcome.operation;
      options.onResolved({ id, kind, number, ...(draftId ? { draftId } : {}), answer: outcome.answer });
    }
  };

  return {
    async lookup(kind, number) {
      try {
        return await answer(kind, number);
      } catch (error) {
        if (!(error instanceof CounterServiceError)) throw error;
        if (!error.offline) return { outcome: 'failed', failure: error.failure, message: error.messageFr };
        const deferred = deferOperation(options.dataDir, `${kind}-lookup`, compactNumber(number));
        return {
          outcome: 'deferred',
          number: deferred.number,
          deferredId: deferred.id,
          message: error.messageFr,
        };
      }
    },
    async consume(kind, number, draftId) {
      try {
        const l = await opened();
        if (kind === 'pre-application') {
          const answer = await consumePreApplication(l, number);
          return { outcome: 'done', consumed: answer.state === 'used' };
        }
        const { consumed, stamp } = await consumeTaxStamp(l, number);
        return consumed ? { outcome: 'done', consumed } : { outcome: 'done', consumed, message: stamp.state };
      } catch (error) {
        if (!(error instanceof CounterServiceError)) throw error;
        if (!error.offline) return { outcome: 'failed', message: error.messageFr };
        deferOperation(options.dataDir, `${kind}-consume`, compactNumber(number), draftId ? { draftId } : {});
        return { outcome: 'deferred', message: error.messageFr };
      }
    },
    async ephoto(code) {
      try {
        const record = await fetchEphoto(await opened(), code);
        return {
          outcome: 'accepted',
          code: record.code,
          provider: record.provider,
          takenAt: record.takenAt,
          expiresAt: record.expiresAt,
          photoJpegBase64: Buffer.from(record.photo).toString('base64'),
          signaturePngBase64: Buffer.from(record.signature).toString('base64'),
        };
      } catch (error) {
        if (error instanceof EphotoRefused)
          return { outcome: 'refused', reason: error.reason, message: error.messageFr };
        if (error instanceof CounterServiceError)
          return { outcome: 'refused', reason: error.failure, message: error.messageFr };
        throw error;
      }
    },
    async ephotoUsed(code, draftId) {
      try {
        await markEphotoUsed(await opened(), code);
        return { outcome: 'marked' };
      } catch (error) {
        if (!(error instanceof CounterServiceError)) throw error;
        deferOperation(options.dataDir, 'ephoto-use', code, draftId ? { draftId } : {});
        return { outcome: 'deferred' };
      }
    },
    drain() {
      draining ??= drainOnce().finally(() => {
        draining = undefined;
      });
      return draining;
    },
    close() {
      void link?.then((l) => l.close()).catch(() => undefined);
      link = undefined;
    },
  };
}

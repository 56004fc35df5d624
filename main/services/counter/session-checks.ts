/**
 * The counter checks an agent made at the identity step, kept in memory for the agent's session
 * until the application starts, when the draft records them (`draftCounterChecks`): the fetched
 * pre-application (to tell which fields the agent corrected), the appointments held elsewhere, the
 * proof of address scanned or typed (2D-DOC verdict), the tax stamp with the ledger's answer (its
 * amount is judged again against the title, reason and age the application starts with). Deferred
 * lookups answered after a sync pass come back through `resolve`, for the draft waiting on them.
 */

import type { ApplicationReason } from '../../../common/domain/application-reason';
import type { TitleFeeRates } from '../../../common/domain/title-fees';
import { StationError } from '../../../common/errors';
import type { StampExpectation } from '../../../sync/counter/understood';
import type { CounterResolved } from '../../../sync/host/protocol';
import type { TaxStampAnswer } from '../../../sync/protocol/counter-services';
import type {
  ApplicantIdentity,
  CheckOutcome,
  DraftCounterChecks,
  TitleType,
} from '../../contract/application';
import type {
  AppointmentsCheck,
  PreApplicationCheck,
  TaxStampCheck,
  TwoDDocProof,
} from '../../contract/counter';
import { ageInYears } from '../workflows/finger-plan';
import { taxStampAnswered } from './check-views';

type Deferrable<T> = T & { deferredId?: string };

export interface SessionChecks {
  preApplication?: Deferrable<PreApplicationCheck>;
  appointments?: Deferrable<AppointmentsCheck>;
  taxStamp?: Deferrable<TaxStampCheck> & { answer?: TaxStampAnswer };
  proof?: TwoDDocProof;
}

export class CounterChecks {
  #agentId: string | undefined;
  #checks: SessionChecks = {};
  readonly #listeners = new Set<(resolved: CounterResolved) => void>();

  /** The checks of `agentId`'s session (a new agent starts with none). */
  of(agentId: string): SessionChecks {
    if (this.#agentId !== agentId) {
      this.#agentId = agentId;
      this.#checks = {};
    }
    return this.#checks;
  }

  record<K extends keyof SessionChecks>(agentId: string, key: K, value: SessionChecks[K]): void {
    this.of(agentId)[key] = value;
  }

  /** Forgets the session's checks (the application started with them). */
  clear(agentId: string): void {
    if (this.#agentId === agentId) this.#checks = {};
  }

  onResolved(listener: (resolved: CounterResolved) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  resolve(resolved: CounterResolved): void {
    for (const listener of this.#listeners) listener(resolved);
  }
}

const norm = (value: string | undefined) => (value ?? '').trim().toLocaleUpperCase('fr');

/** The identity fields (and title type, reason) the agent changed from the fetched pre-application. */
export function correctedFields(
  fetched: NonNullable<PreApplicationCheck['application']>,
  started: { titleType: TitleType; reason?: ApplicationReason; applicant: ApplicantIdentity },
): string[] {
  const fields = ['surname', 'givenNames', 'birthDate', 'sex', 'birthPlace'] as const;
  return [
    ...(fetched.titleType !== started.titleType ? ['titleType'] : []),
    ...(started.reason && fetched.reason !== started.reason ? ['reason'] : []),
    ...fields.filter((f) => norm(fetched.identity[f]) !== norm(started.applicant[f])),
  ];
}

export function stampExpectation(
  started: { titleType: TitleType; reason?: ApplicationReason; birthDate: string },
  on: Date,
  rates?: TitleFeeRates,
): StampExpectation {
  return {
    title: started.titleType,
    reason: started.reason ?? 'first',
    ageYears: ageInYears(started.birthDate, on),
    ...(rates ? { rates } : {}),
  };
}

const recorded = (check: { outcome: CheckOutcome; message: string; deferredId?: string }) => ({
  outcome: check.outcome,
  message: check.message,
  ...(check.deferredId ? { deferredId: check.deferredId } : {}),
});

/**
 * What the draft records of the session's checks for the application starting: those of its
 * pre-application number, the proof, and the stamp it names. A stamp it names must have been
 * checked, and not found unusable (consumed, cancelled, unknown, wrong amount): refused in French.
 */
export function draftCounterChecks(
  checks: SessionChecks,
  started: {
    titleType: TitleType;
    reason?: ApplicationReason;
    applicant: ApplicantIdentity;
    preApplicationNumber?: string;
    taxStampNumber?: string;
  },
  now: Date,
  /** The tax-stamp rates in force (main/services/signed-configuration.ts). */
  rates?: TitleFeeRates,
): DraftCounterChecks | undefined {
  const number = started.preApplicationNumber;
  const pre = number && checks.preApplication?.number === number ? checks.preApplication : undefined;
  const appointments = number && checks.appointments?.number === number ? checks.appointments : undefined;
  let stamp: DraftCounterChecks['taxStamp'];
  if (started.taxStampNumber) {
    const checked = checks.taxStamp?.number === started.taxStampNumber ? checks.taxStamp : undefined;
    if (!checked)
      throw new StationError(
        'CONFLICT',
        'Le timbre fiscal n’a pas été vérifié : vérifiez-le avant de commencer la demande.',
      );
    const judged = checked.answer
      ? taxStampAnswered(
          checked.answer,
          stampExpectation({ ...started, birthDate: started.applicant.birthDate }, now, rates),
        )
      : checked;
    if (judged.outcome === 'refused' || judged.outcome === 'invalid')
      throw new StationError('CONFLICT', `Timbre fiscal refusé : ${judged.message}`);
    stamp = {
      ...recorded({ ...judged, ...(checked.deferredId ? { deferredId: checked.deferredId } : {}) }),
      number: started.taxStampNumber,
      ...(judged.amountCents !== undefined ? { amountCents: judged.amountCents } : {}),
    };
  }
  if (!pre && !appointments && !checks.proof && !stamp && !started.reason) return undefined;
  return {
    ...(started.reason ? { reason: started.reason } : {}),
    ...(pre ? { preApplication: recorded(pre) } : {}),
    corrections: pre?.application ? correctedFields(pre.application, started) : [],
    ...(appointments
      ? { appointments: { ...recorded(appointments), duplicates: appointments.elsewhere.length } }
      : {}),
    ...(checks.proof
      ? {
          proofOfAddress: {
            verdict: checks.proof.verdict,
            type: checks.proof.header.type,
            message: checks.proof.message,
          },
        }
      : {}),
    ...(stamp ? { taxStamp: stamp } : {}),
  };
}

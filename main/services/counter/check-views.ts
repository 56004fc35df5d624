/**
 * What a counter lookup's outcome (sync host `counterLookup`, or a deferred lookup answered after a
 * sync pass) becomes for the identity step: the contract's check with its outcome and French
 * sentence (sync/counter/understood.ts says what an answer means). A bad number is `invalid`, an
 * unreachable central `deferred`, a service that did not answer in time or in error `unavailable`.
 */

import {
  type StampExpectation,
  understandAppointments,
  understandPreApplication,
  understandTaxStamp,
} from '../../../sync/counter/understood';
import type { CounterLookupResult } from '../../../sync/host/protocol';
import type {
  PreApplicationAnswer,
  RdvApplicationStatus,
  TaxStampAnswer,
} from '../../../sync/protocol/counter-services';
import { ApplicantIdentity } from '../../contract/application';
import type { AppointmentsCheck, PreApplicationCheck, TaxStampCheck } from '../../contract/counter';

type NotAnswered = Exclude<CounterLookupResult, { outcome: 'answered' }>;

function notAnswered(number: string, result: NotAnswered) {
  if (result.outcome === 'deferred')
    return { number: result.number, outcome: 'deferred' as const, message: result.message };
  const invalid = result.failure === 'format' || result.failure === 'check';
  return {
    number,
    outcome: invalid ? ('invalid' as const) : ('unavailable' as const),
    message: result.message,
  };
}

export function preApplicationCheck(number: string, result: CounterLookupResult): PreApplicationCheck {
  if (result.outcome !== 'answered') return notAnswered(number, result);
  return preApplicationAnswered(result.answer as PreApplicationAnswer);
}

export function preApplicationAnswered(answer: PreApplicationAnswer): PreApplicationCheck {
  const understood = understandPreApplication(answer);
  const identity = ApplicantIdentity.safeParse(answer.application?.identity);
  const { application } = answer;
  return {
    number: answer.number,
    outcome: understood.usable ? 'ok' : 'refused',
    message: understood.message,
    state: answer.state,
    ...(understood.usable && application && identity.success
      ? {
          application: {
            titleType: application.titleType,
            reason: application.reason,
            identity: identity.data,
            ...(application.address ? { address: application.address } : {}),
          },
        }
      : {}),
  };
}

/** `here`: this town hall's meeting point (its own appointment is no duplicate). */
export function appointmentsCheck(
  number: string,
  result: CounterLookupResult,
  here?: string,
): AppointmentsCheck {
  if (result.outcome !== 'answered') return { ...notAnswered(number, result), elsewhere: [] };
  return appointmentsAnswered(number, result.answer as RdvApplicationStatus, here);
}

export function appointmentsAnswered(
  number: string,
  status: RdvApplicationStatus,
  here?: string,
): AppointmentsCheck {
  const understood = understandAppointments(number, status, here);
  return {
    number,
    outcome: !understood.usable ? 'refused' : understood.elsewhere.length > 0 ? 'warning' : 'ok',
    message: understood.message,
    status: status.status,
    elsewhere: understood.elsewhere,
  };
}

export function taxStampCheck(
  number: string,
  result: CounterLookupResult,
  expected: StampExpectation,
): TaxStampCheck {
  if (result.outcome !== 'answered') return notAnswered(number, result);
  return taxStampAnswered(result.answer as TaxStampAnswer, expected);
}

export function taxStampAnswered(answer: TaxStampAnswer, expected?: StampExpectation): TaxStampCheck {
  const understood = understandTaxStamp(answer, expected);
  return {
    number: answer.number,
    outcome: understood.usable ? 'ok' : 'refused',
    message: understood.message,
    state: answer.state,
    ...(answer.amountCents !== undefined ? { amountCents: answer.amountCents } : {}),
    ...(understood.expectedCents !== undefined ? { expectedCents: understood.expectedCents } : {}),
  };
}

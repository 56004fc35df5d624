/**
 * A deferred counter lookup answered after a sync pass, recorded in the draft's counter checks:
 * the check whose journal id it answers takes the answer's outcome and sentence (its `deferredId`
 * goes, the flag with it). An answer that is not of the expected shape changes nothing.
 */

import { compactNumber } from '../../../common/domain/counter-numbers';
import type { TitleFeeRates } from '../../../common/domain/title-fees';
import type { CounterResolved } from '../../../sync/host/protocol';
import {
  PreApplicationAnswer,
  RdvApplicationStatus,
  TaxStampAnswer,
} from '../../../sync/protocol/counter-services';
import type { ApplicantIdentity, DraftCounterChecks, TitleType } from '../../contract/application';
import { appointmentsAnswered, preApplicationAnswered, taxStampAnswered } from './check-views';
import { stampExpectation } from './session-checks';

export function withResolvedCheck(
  checks: DraftCounterChecks,
  answered: CounterResolved,
  draft: { titleType: TitleType; applicant: ApplicantIdentity; startedAt: Date },
  here?: string,
  /** The tax-stamp rates in force (main/services/signed-configuration.ts). */
  rates?: TitleFeeRates,
): DraftCounterChecks | undefined {
  const { preApplication, appointments, taxStamp } = checks;
  if (answered.kind === 'pre-application-lookup' && preApplication?.deferredId === answered.id) {
    const answer = PreApplicationAnswer.safeParse(answered.answer);
    if (!answer.success) return undefined;
    const check = preApplicationAnswered(answer.data);
    return { ...checks, preApplication: { outcome: check.outcome, message: check.message } };
  }
  if (answered.kind === 'appointments-lookup' && appointments?.deferredId === answered.id) {
    const status = RdvApplicationStatus.safeParse(answered.answer);
    if (!status.success) return undefined;
    const check = appointmentsAnswered(compactNumber(answered.number), status.data, here);
    return {
      ...checks,
      appointments: { outcome: check.outcome, message: check.message, duplicates: check.elsewhere.length },
    };
  }
  if (answered.kind === 'tax-stamp-lookup' && taxStamp?.deferredId === answered.id) {
    const answer = TaxStampAnswer.safeParse(answered.answer);
    if (!answer.success) return undefined;
    const check = taxStampAnswered(
      answer.data,
      stampExpectation(
        {
          titleType: draft.titleType,
          birthDate: draft.applicant.birthDate,
          ...(checks.reason ? { reason: checks.reason } : {}),
        },
        draft.startedAt,
        rates,
      ),
    );
    const { deferredId: _flag, ...stamp } = taxStamp;
    return {
      ...checks,
      taxStamp: {
        ...stamp,
        outcome: check.outcome,
        message: check.message,
        ...(check.amountCents !== undefined ? { amountCents: check.amountCents } : {}),
      },
    };
  }
  return undefined;
}

/**
 * The identity step's counter lookups as command handlers: the pre-application fetched by its
 * number, the appointment platform's anti-duplicate status of the same number, the tax stamp
 * against the ledger and the title's fee. Each asks the sync host (`counterLookup`, which defers
 * the lookup when the central is out of reach), turns the outcome into the agent's check
 * (check-views.ts) and keeps it for the session (session-checks.ts) until the application starts.
 * No number or answer is logged.
 */

import { unwrap } from '../../../common/errors';
import type { CounterLookupKind, CounterLookupResult } from '../../../sync/host/protocol';
import type { TaxStampAnswer } from '../../../sync/protocol/counter-services';
import type { CommandHandlers } from '../../ipc/registry';
import { taxStampRates } from '../signed-configuration';
import type { WorkflowDeps } from '../workflows/deps';
import { appointmentsCheck, preApplicationCheck, taxStampCheck } from './check-views';
import { type CounterChecks, stampExpectation } from './session-checks';

type Handlers = Pick<CommandHandlers, 'counter.preApplication' | 'counter.appointments' | 'counter.taxStamp'>;
type Request<K extends keyof Handlers> = Parameters<Handlers[K]>[0];

const deferredId = (result: CounterLookupResult) =>
  result.outcome === 'deferred' ? { deferredId: result.deferredId } : {};

export function counterLookupHandlers(
  deps: Pick<WorkflowDeps, 'session' | 'sync' | 'info' | 'logger' | 'config'>,
  checks: CounterChecks,
): Handlers {
  const lookup = async (kind: CounterLookupKind, number: string) => {
    const { agentId } = deps.session.require('application.capture');
    deps.session.touch();
    const result = await unwrap(deps.sync.call('counterLookup', { kind, number }, 20000));
    deps.logger.info({ event: 'counter-lookup', kind, outcome: result.outcome }, 'counter lookup');
    return { agentId, result, number: number.replace(/[\s-]/g, '').toUpperCase() };
  };
  return {
    'counter.preApplication': async ({ number: typed }: Request<'counter.preApplication'>) => {
      const { agentId, result, number } = await lookup('pre-application', typed);
      const check = preApplicationCheck(number, result);
      checks.record(agentId, 'preApplication', { ...check, ...deferredId(result) });
      return check;
    },
    'counter.appointments': async ({ number: typed }: Request<'counter.appointments'>) => {
      const { agentId, result, number } = await lookup('appointments', typed);
      const check = appointmentsCheck(number, result, deps.info.townHall.name);
      checks.record(agentId, 'appointments', { ...check, ...deferredId(result) });
      return check;
    },
    'counter.taxStamp': async ({
      number: typed,
      titleType,
      reason,
      birthDate,
    }: Request<'counter.taxStamp'>) => {
      const { agentId, result, number } = await lookup('tax-stamp', typed);
      const check = taxStampCheck(
        number,
        result,
        stampExpectation({ titleType, reason, birthDate }, new Date(), taxStampRates(deps.config)),
      );
      const answer: TaxStampAnswer | undefined =
        result.outcome === 'answered' ? (result.answer as TaxStampAnswer) : undefined;
      checks.record(agentId, 'taxStamp', { ...check, ...deferredId(result), ...(answer ? { answer } : {}) });
      return check;
    },
  };
}

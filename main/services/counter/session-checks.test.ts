import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StationError } from '../../../common/errors';
import { preApplicationAnswered, taxStampAnswered } from './check-views';
import { CounterChecks, draftCounterChecks, type SessionChecks } from './session-checks';

const applicant = { surname: 'MARTIN', givenNames: 'Claire', birthDate: '1990-04-12', sex: 'F' as const };
const fetched = preApplicationAnswered({
  number: 'AB12CD34EF',
  state: 'valid',
  application: { titleType: 'passport', reason: 'first', identity: applicant },
});
const now = new Date('2026-12-08T10:00:00Z');

test('the draft records the checks of its number and what the agent corrected, by field name', () => {
  assert.equal(fetched.outcome, 'ok');
  const checks = draftCounterChecks(
    { preApplication: fetched },
    {
      titleType: 'passport',
      reason: 'first',
      applicant: { ...applicant, surname: 'Martin-Durand', givenNames: ' claire ' },
      preApplicationNumber: 'AB12CD34EF',
    },
    now,
  );
  assert.equal(checks?.preApplication?.outcome, 'ok');
  assert.deepEqual(checks?.corrections, ['surname']);
  // Another number's checks are not this application's.
  const other = draftCounterChecks(
    { preApplication: fetched },
    { titleType: 'passport', applicant, preApplicationNumber: 'ZZ12CD34EF' },
    now,
  );
  assert.equal(other, undefined);
});

test('a stamp is recorded only once checked and usable for the title the application starts with', () => {
  const answer = { number: '1234567890123452', state: 'valid' as const, amountCents: 8600 };
  const session: SessionChecks = {
    taxStamp: { ...taxStampAnswered(answer, { title: 'passport', reason: 'first', ageYears: 36 }), answer },
  };
  const started = {
    titleType: 'passport' as const,
    reason: 'first' as const,
    applicant,
    taxStampNumber: answer.number,
  };
  assert.equal(draftCounterChecks(session, started, now)?.taxStamp?.amountCents, 8600);
  // The agent switched to a minor's birth date after the check: 86 € is not the minor's fee.
  assert.throws(
    () =>
      draftCounterChecks(session, { ...started, applicant: { ...applicant, birthDate: '2015-01-01' } }, now),
    (e: StationError) => e.code === 'CONFLICT' && /17,00 € attendus/.test(e.message),
  );
  const used = { ...answer, state: 'consumed' as const };
  assert.throws(
    () => draftCounterChecks({ taxStamp: { ...taxStampAnswered(used), answer: used } }, started, now),
    (e: StationError) => e.code === 'CONFLICT' && /déjà utilisé/.test(e.message),
  );
  assert.throws(
    () => draftCounterChecks({}, started, now),
    (e: StationError) => e.code === 'CONFLICT' && /pas été vérifié/.test(e.message),
  );
});

test('session checks belong to one agent; a new agent starts with none', () => {
  const checks = new CounterChecks();
  checks.record('AG-1', 'preApplication', fetched);
  assert.ok(checks.of('AG-1').preApplication);
  assert.equal(checks.of('AG-2').preApplication, undefined);
  assert.equal(checks.of('AG-1').preApplication, undefined);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PreApplicationAnswer, TaxStampAnswer } from '../protocol/counter-services';
import { readAnswer, readDeclared, readRdvStatus, readStampConsumption } from './answers';
import { CounterServiceError } from './errors';

/** Runs `read`; returns the failure kind of a CounterServiceError, rethrows anything else. */
function failure(read: () => unknown): string | undefined {
  try {
    read();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof CounterServiceError, String(error));
    assert.ok(error.messageFr.length > 20);
    return error.failure;
  }
}

const valid = {
  number: 'AB12CD34EF',
  state: 'valid',
  expiresAt: '2027-01-01T00:00:00Z',
  application: {
    titleType: 'passport',
    reason: 'first',
    identity: { surname: 'DUPONT', givenNames: 'Léa', birthDate: '1990-05-04', sex: 'F' },
  },
};
const stamp = { number: '1234567890123452', state: 'consumed', amountCents: 8600 };
const rdv = {
  AB12CD34EF: {
    status: 'validated',
    appointments: [
      {
        meeting_point: 'Mairie de Lyon',
        meeting_point_id: '123',
        appointment_date: '2026-12-10T10:00:00',
        management_url: 'https://rdv.example/1',
        editor_comment: null,
      },
    ],
  },
};

test('answers: 200 of the right shape is read; 5xx, other statuses, non-JSON and wrong shapes are named', () => {
  assert.equal(
    readAnswer('pre-application', { status: 200, text: JSON.stringify(valid) }, PreApplicationAnswer).state,
    'valid',
  );
  assert.equal(
    readRdvStatus('AB12CD34EF', { status: 200, text: JSON.stringify(rdv) }).appointments.length,
    1,
  );
  const read = (status: number, text: string) => () =>
    readAnswer('pre-application', { status, text }, PreApplicationAnswer);
  assert.equal(failure(read(500, '')), 'server-error');
  assert.equal(failure(read(503, '<html>')), 'server-error');
  assert.equal(failure(read(401, '{"detail":"X"}')), 'refused');
  assert.equal(failure(read(200, '{"number":')), 'protocol');
  assert.equal(failure(read(200, JSON.stringify({ ...valid, state: 'maybe' }))), 'protocol');
  assert.equal(
    failure(() => readRdvStatus('ZZ12CD34EF', { status: 200, text: JSON.stringify(rdv) })),
    'protocol',
  );
  assert.equal(readDeclared({ status: 400, text: '{}' }), false);
  assert.equal(readDeclared({ status: 200, text: '{"success":true}' }), true);
  const again = readStampConsumption({
    status: 409,
    text: JSON.stringify({ error: 'stamp-consumed', stamp }),
  });
  assert.deepEqual(again, { consumed: false, stamp });
  assert.equal(
    failure(() => readStampConsumption({ status: 409, text: '{"error":"stamp-consumed"}' })),
    'refused',
  );
});

const status = fc.oneof(fc.constantFrom(200, 400, 404, 409, 500), fc.integer({ min: 100, max: 599 }));
/** Any text, any JSON, and JSON near the real answers (fields dropped, retyped or added). */
const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc
    .tuple(
      fc.constantFrom<Record<string, unknown>>(valid, stamp, rdv, { error: 'stamp-consumed', stamp }),
      fc.dictionary(
        fc.constantFrom('number', 'state', 'amountCents', 'application', 'stamp', 'AB12CD34EF'),
        fc.jsonValue({ maxDepth: 3 }),
      ),
      fc.array(fc.constantFrom('number', 'state', 'application', 'stamp', 'AB12CD34EF')),
    )
    .map(([base, changed, dropped]) => {
      const value: Record<string, unknown> = { ...base, ...changed };
      for (const key of dropped) delete value[key];
      return JSON.stringify(value);
    }),
);

test('answers: any status and body give a typed answer or a CounterServiceError, never anything else (fuzz)', () => {
  fc.assert(
    fc.property(status, body, (code, text) => {
      const answer = { status: code, text };
      const pre = failure(() => readAnswer('pre-application', answer, PreApplicationAnswer));
      if (pre === undefined) assert.equal(code, 200);
      const tax = failure(() => readAnswer('tax-stamp', answer, TaxStampAnswer));
      if (tax === undefined) assert.ok(TaxStampAnswer.safeParse(JSON.parse(text || '{}')).success);
      failure(() => readRdvStatus('AB12CD34EF', answer));
      failure(() => readDeclared(answer));
      let consumption: ReturnType<typeof readStampConsumption> | undefined;
      if (failure(() => (consumption = readStampConsumption(answer))) === undefined)
        assert.ok(TaxStampAnswer.safeParse(consumption?.stamp).success);
      if (code >= 500) assert.equal(pre, 'server-error');
    }),
  );
});

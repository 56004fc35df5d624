import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { preApplicationProblem, taxStampProblem } from '../../common/domain/counter-numbers';
import { RDV_TEST_IDS } from '../../sync/protocol/counter-services';
import { tempDatabase } from '../../sync/store/store.testing';
import { CounterServicesStore, sixMonthsAfter } from './counter-services';
import { CENTRAL_MIGRATIONS } from './migrations';

let ctx: ReturnType<typeof tempDatabase>;
let store: CounterServicesStore;
const now = new Date('2026-12-07T10:00:00Z');
beforeEach(() => {
  ctx = tempDatabase();
  for (const m of CENTRAL_MIGRATIONS) m.up(ctx.db);
  store = new CounterServicesStore(ctx.db);
});
afterEach(() => ctx.cleanup());

test('a new pre-application is valid six months, with a well-formed number, then expired', () => {
  const added = store.addPreApplication({}, now);
  assert.equal(preApplicationProblem(added.number), undefined);
  assert.equal(added.state, 'valid');
  assert.equal(added.expiresAt, '2027-06-07T10:00:00.000Z');
  assert.equal(added.application?.identity.surname, 'MARTIN');
  assert.equal(store.preApplication(added.number, new Date('2027-06-07T09:59:59Z')).state, 'valid');
  assert.equal(store.preApplication(added.number, new Date('2027-06-07T10:00:00Z')).state, 'expired');
  assert.equal(store.addPreApplication({ state: 'expired' }, now).state, 'expired');
  assert.equal(store.preApplication('ZZZZZZZZZZ', now).state, 'unknown');
  assert.equal(sixMonthsAfter(new Date('2026-08-31T00:00:00Z')).toISOString(), '2027-03-03T00:00:00.000Z');
});

test('consuming a pre-application makes it used and its application id consumed on the platform', () => {
  const { number } = store.addPreApplication({ content: { titleType: 'id-card', reason: 'loss' } }, now);
  assert.equal(store.rdvStatus(number, now).status, 'validated');
  assert.ok(
    store.declareAppointment(number, {
      meeting_point: 'Mairie de Bron',
      meeting_point_id: '69029',
      appointment_date: '2026-12-10T09:00:00',
      management_url: 'https://rdv.bron.example/1',
    }),
  );
  assert.equal(store.rdvStatus(number, now).status, 'declared');
  const used = store.consumePreApplication(number, now);
  assert.equal(used.state, 'used');
  assert.equal(used.application?.reason, 'loss');
  assert.equal(store.rdvStatus(number, now).status, 'consumed');
  assert.equal(
    store.declareAppointment(number, {
      meeting_point: 'Mairie de Bron',
      meeting_point_id: null,
      appointment_date: '2026-12-11T09:00:00',
      management_url: 'https://rdv.bron.example/2',
    }),
    false,
    'a consumed id takes no appointment',
  );
  assert.equal(store.deleteAppointment(number, 'Mairie de Bron', '2026-12-10T09:00:00'), 1);
  assert.equal(store.deleteAppointment(number, 'Mairie de Bron', '2026-12-10T09:00:00'), 0);
});

test('the test application ids answer their fixed states, the duplicate with two town halls', () => {
  store.seedTestFixtures(now);
  store.seedTestFixtures(now);
  const duplicate = store.rdvStatus(RDV_TEST_IDS.duplicate, now);
  assert.equal(duplicate.status, 'declared');
  assert.deepEqual(
    duplicate.appointments.map((a) => a.meeting_point),
    ['Mairie de Villeurbanne', 'Mairie du 3e arrondissement de Lyon'],
  );
  assert.equal(store.rdvStatus(RDV_TEST_IDS.consumed, now).status, 'consumed');
  assert.equal(store.rdvStatus(RDV_TEST_IDS.expired, now).status, 'expired');
  assert.equal(store.rdvStatus('ABCDEFGHIJ', now).status, 'unknown');
  for (const id of Object.values(RDV_TEST_IDS)) assert.equal(preApplicationProblem(id), undefined, id);
});

test('a tax stamp is consumed once; consumed and cancelled ones are refused with their state', () => {
  const stamp = store.issueTaxStamp(8600, 'valid', now);
  assert.equal(taxStampProblem(stamp.number), undefined);
  assert.deepEqual(
    { state: stamp.state, amountCents: stamp.amountCents },
    { state: 'valid', amountCents: 8600 },
  );
  const first = store.consumeTaxStamp(stamp.number, 'DR-1', now);
  assert.equal(first.consumed, true);
  assert.equal(first.stamp.state, 'consumed');
  const second = store.consumeTaxStamp(stamp.number, 'DR-2', now);
  assert.equal(second.consumed, false);
  assert.equal(second.stamp.consumedAt, now.toISOString());
  const cancelled = store.issueTaxStamp(2500, 'cancelled', now);
  assert.equal(store.consumeTaxStamp(cancelled.number, 'DR-1', now).consumed, false);
  assert.equal(store.taxStamp(cancelled.number).state, 'cancelled');
  assert.equal(store.taxStamp('1234567890123452').state, 'unknown');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedStampCents, TITLE_FEE_RATES } from '../../common/domain/title-fees';
import { understandAppointments, understandPreApplication, understandTaxStamp } from './understood';

test('title fees: passport by age whatever the reason, identity card free except loss or theft', () => {
  assert.equal(expectedStampCents('passport', 'first', 18), 8600);
  assert.equal(expectedStampCents('passport', 'loss', 17), 4200);
  assert.equal(expectedStampCents('passport', 'renewal', 15), 4200);
  assert.equal(expectedStampCents('passport', 'first', 14), 1700);
  assert.equal(expectedStampCents('id-card', 'renewal', 40), 0);
  assert.equal(expectedStampCents('id-card', 'theft', 40), 2500);
  assert.equal(expectedStampCents('id-card', 'loss', 8), 2500);
});

test('a stamp is usable only valid and of the amount the title needs; a free title needs none', () => {
  const valid = { number: '1234567890123452', state: 'valid' as const, amountCents: 2500 };
  assert.equal(understandTaxStamp(valid, { title: 'id-card', reason: 'loss', ageYears: 30 }).usable, true);
  const wrong = understandTaxStamp(valid, { title: 'passport', reason: 'first', ageYears: 30 });
  assert.equal(wrong.usable, false);
  assert.match(wrong.message, /25,00 € présentés, 86,00 € attendus/);
  assert.match(
    understandTaxStamp(valid, { title: 'id-card', reason: 'first', ageYears: 30 }).message,
    /gratuit/,
  );
  assert.equal(understandTaxStamp({ ...valid, state: 'cancelled' }).usable, false);
  assert.equal(understandTaxStamp({ ...valid, state: 'unknown' }).usable, false);
});

test('pre-application states and duplicate appointments in words for the agent', () => {
  assert.equal(understandPreApplication({ number: 'N', state: 'valid' }).usable, true);
  for (const state of ['expired', 'used', 'unknown'] as const)
    assert.equal(understandPreApplication({ number: 'N', state }).usable, false, state);
  const appointments = [
    { meeting_point: 'Mairie de Lyon', appointment_date: '2026-12-20T09:00:00', management_url: 'u1' },
    { meeting_point: 'Mairie de Bron', appointment_date: '2026-12-21T10:00:00', management_url: 'u2' },
  ];
  const here = understandAppointments('N', { status: 'declared', appointments }, 'Mairie de Lyon');
  assert.deepEqual(
    here.elsewhere.map((a) => a.place),
    ['Mairie de Bron'],
  );
  assert.match(here.message, /doublon.*Mairie de Bron le 21\/12\/2026 à 10:00/);
  assert.equal(understandAppointments('N', { status: 'validated', appointments: [] }).elsewhere.length, 0);
  assert.equal(understandAppointments('N', { status: 'consumed', appointments: [] }).usable, false);
});

test('the stamp amount is checked against the rates given (the signed configuration in force)', () => {
  const stamp = { number: '1234567890123452', state: 'valid' as const, amountCents: 9000 };
  const passport = { title: 'passport' as const, reason: 'first' as const, ageYears: 30 };
  assert.equal(understandTaxStamp(stamp, passport).usable, false, 'built-in rate: 86 €');
  const rates = { ...TITLE_FEE_RATES, passportAdultCents: 9000 };
  const understood = understandTaxStamp(stamp, { ...passport, rates });
  assert.equal(understood.usable, true);
  assert.equal(understood.expectedCents, 9000);
});

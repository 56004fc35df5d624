/**
 * The identity step's counter checks against the fake station: a pre-application scanned by the
 * barcode reader fills the form (a correction is shown and sent as typed), appointments held
 * elsewhere are listed, a forged proof of address and a used tax stamp are refused, an offline
 * lookup is flagged as deferred; no bad entry clears the form.
 */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TwoDDocProof } from '../../../../main/contract';
import { draft } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { IdentityStep } from './IdentityStep';

const identity = { surname: 'DUPONT', givenNames: 'Léa Marie', birthDate: '1990-05-04', sex: 'F' as const };
const number = 'AB12CD34EF';
const scan = (code: Parameters<typeof scanned>[0]) => scanned(code);
function scanned(code: { kind: 'pre-application'; number: string } | { kind: '2ddoc'; proof: TwoDDocProof }) {
  return { source: 'reader' as const, symbology: 'qr', at: '2026-12-08T10:00:00.000Z', code };
}
const forged: TwoDDocProof = {
  header: {
    version: 3,
    authority: 'FR99',
    certificate: 'T001',
    issued: '2026-11-02',
    signed: '2026-11-02',
    type: '00',
    typeLabel: 'Justificatif de domicile',
    encoding: 'text',
  },
  fields: { '10': 'M/DUPONT/JEAN', '24': '75001' },
  labels: { '10': 'Bénéficiaire', '24': 'Code postal' },
  truncated: [],
  signature: 'invalid',
  verdict: 'altered',
  message: 'Document altéré : la signature ne correspond pas au contenu.',
};

function station() {
  const fake = fakeStation();
  fake.answer('counter.preApplication', {
    number,
    outcome: 'ok',
    message: `Pré-demande ${number} valide jusqu’au 01/06/2027 : vérifiez les informations avec les pièces présentées.`,
    state: 'valid',
    application: { titleType: 'passport', reason: 'renewal', identity },
  });
  fake.answer('counter.appointments', {
    number,
    outcome: 'warning',
    message: 'Attention, doublon : ce numéro a aussi 2 rendez-vous ailleurs. Invitez l’usager à les annuler.',
    status: 'declared',
    elsewhere: [
      { place: 'Mairie de Lyon', date: '2026-12-10T10:00:00', managementUrl: 'https://rdv.example/1' },
      { place: 'Mairie de Brest', date: '2026-12-11T14:30:00', managementUrl: 'https://rdv.example/2' },
    ],
  });
  fake.answer('application.start', (request) => draft({ applicant: request.applicant }));
  return fake;
}

const value = (label: string) =>
  (screen.getByLabelText(new RegExp(`^${label.replace(/[()]/g, '\\$&')}`)) as HTMLInputElement).value;

describe('identity step: counter checks', () => {
  it('a pre-application scanned by the reader fills the form; a correction is shown and sent', async () => {
    const fake = station();
    await renderWithStation(<IdentityStep onStarted={() => undefined} />, fake);
    await fake.emit('counter.scan', scan({ kind: 'pre-application', number }));
    await fake.settle();
    assert.equal(value('Numéro de pré-demande (facultatif)'), number);
    assert.equal(value('Nom de naissance'), 'DUPONT');
    assert.equal(value('Date de naissance'), '1990-05-04');
    assert.equal((screen.getByLabelText('Passeport') as HTMLInputElement).checked, true);
    assert.equal(screen.getByTestId('pre-application-check').dataset.outcome, 'ok');
    // The appointment platform: two appointments elsewhere, listed.
    const list = screen.getByRole('list', { name: 'Rendez-vous pris ailleurs avec ce numéro' });
    assert.match(list.textContent ?? '', /Mairie de Lyon, le 10\/12\/2026 à 10:00.*Mairie de Brest/);
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText(/^Prénoms/));
    await user.type(screen.getByLabelText(/^Prénoms/), 'Léa');
    assert.ok(screen.getByText(/Corrigé par rapport à la pré-demande \(« Léa Marie »\)/));
    await user.click(screen.getByRole('button', { name: 'Commencer la demande' }));
    await fake.settle();
    assert.deepEqual(fake.requests('application.start'), [
      {
        titleType: 'passport',
        preApplicationNumber: number,
        reason: 'renewal',
        applicant: { ...identity, givenNames: 'Léa' },
      },
    ]);
  });

  it('refuses a forged proof of address with its signed fields, keeping the form', async () => {
    const fake = station();
    fake.answer('counter.classify', scanned({ kind: '2ddoc', proof: forged }));
    await renderWithStation(<IdentityStep onStarted={() => undefined} />, fake);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Nom de naissance/), 'Martin');
    await user.type(screen.getByLabelText(/Texte du code 2D-DOC/), 'DC03FR99T001');
    await user.click(screen.getByRole('button', { name: 'Vérifier le justificatif' }));
    await fake.settle();
    const proof = screen.getByTestId('proof-of-address');
    assert.match(proof.textContent ?? '', /refusé.*Document altéré.*demandez-en un autre/);
    assert.match(
      proof.querySelector('tr[data-field="10"]')?.textContent ?? '',
      /BénéficiaireM\/DUPONT\/JEANMartin/,
    );
    assert.equal(value('Nom de naissance'), 'Martin');
  });

  it('refuses a used tax stamp and does not keep it; an offline lookup is flagged as deferred', async () => {
    const fake = station();
    fake.answer('counter.preApplication', {
      number,
      outcome: 'deferred',
      message: 'Le service des pré-demandes est injoignable : la saisie est conservée.',
    });
    fake.answer('counter.appointments', {
      number,
      outcome: 'deferred',
      message: 'Injoignable.',
      elsewhere: [],
    });
    fake.answer('counter.taxStamp', {
      number: '1234567890123452',
      outcome: 'refused',
      message: 'Timbre fiscal de 86,00 € déjà utilisé le 01/12/2026 : un timbre ne sert qu’une fois.',
      state: 'consumed',
      amountCents: 8600,
    });
    await renderWithStation(<IdentityStep onStarted={() => undefined} />, fake);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Numéro de pré-demande/), `${number}{Enter}`);
    await fake.settle();
    assert.equal(screen.getByTestId('pre-application-check').dataset.outcome, 'deferred');
    assert.match(screen.getByTestId('pre-application-check').textContent ?? '', /différée/);
    await user.click(screen.getByLabelText('Passeport'));
    await user.selectOptions(screen.getByLabelText(/Motif de la demande/), 'first');
    await user.type(screen.getByLabelText(/^Nom de naissance/), 'Martin');
    await user.type(screen.getByLabelText(/^Prénoms/), 'Claire');
    await user.type(screen.getByLabelText(/^Date de naissance/), '1990-04-12');
    await user.selectOptions(screen.getByLabelText(/^Sexe/), 'F');
    await user.type(screen.getByLabelText(/Numéro du timbre fiscal/), '1234 5678 9012 3452{Enter}');
    await fake.settle();
    assert.deepEqual(fake.requests('counter.taxStamp'), [
      { number: '1234 5678 9012 3452', titleType: 'passport', reason: 'first', birthDate: '1990-04-12' },
    ]);
    assert.equal(screen.getByTestId('tax-stamp-check').dataset.outcome, 'refused');
    assert.match(screen.getByTestId('tax-stamp-check').textContent ?? '', /déjà utilisé/);
    await user.click(screen.getByRole('button', { name: 'Commencer la demande' }));
    await fake.settle();
    const [start] = fake.requests('application.start');
    assert.equal(start?.taxStampNumber, undefined);
    assert.equal(start?.applicant.surname, 'Martin');
  });
});

/**
 * The portrait step's intakes against the fake station: the agent picks e-photo or scan, a refused
 * code shows the service's French sentence, a kept photo shows its verdict and source, an override
 * asks the station again with the reason, a scan file travels in memory.
 */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { draft, portraitAnalysis } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { PortraitIntake } from './PortraitIntake';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64');
const kept = (failed: string[] = []) => ({
  outcome: 'kept' as const,
  draft: draft({
    portrait: { compliant: failed.length === 0, failedCriteria: failed, captured: true, intake: 'ephoto' },
  }),
  analysis: portraitAnalysis(failed),
  portraitJpegBase64: JPEG,
  source: 'Photo e-photo authentique : Cabine test, prise le 01/12/2026.',
});

const noop = async () => undefined;

describe('portrait intakes', () => {
  it('an e-photo code refused by the service shows its French sentence, and nothing is kept', async () => {
    const message = 'Ce code e-photo a déjà servi (le 01/12/2026) : il n’est valable que pour une demande.';
    const fake = fakeStation().answer('application.portraitEphoto', { outcome: 'refused', message });
    let drafts = 0;
    await renderWithStation(
      <PortraitIntake
        initial="ephoto"
        onAccept={noop}
        onDraft={() => drafts++}
        onDone={() => assert.fail()}
      />,
      fake,
    );
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Code e-photo/ }), '4KQ7 M2ZP 9XRT B6WN 3HCV 4N');
    await user.click(screen.getByRole('button', { name: 'Récupérer la photo' }));
    assert.ok(await screen.findByText(message));
    assert.deepEqual(fake.requests('application.portraitEphoto'), [{ code: '4KQ7 M2ZP 9XRT B6WN 3HCV 4N' }]);
    assert.equal(drafts, 0);
  });

  it('a kept e-photo shows its verdict and source; an override asks again with the reason', async () => {
    const fake = fakeStation().answer('application.portraitEphoto', (request) =>
      kept(request.overrideReason ? [] : ['expression']),
    );
    let done = 0;
    await renderWithStation(
      <PortraitIntake initial="ephoto" onAccept={noop} onDraft={() => undefined} onDone={() => done++} />,
      fake,
    );
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Code e-photo/ }), '4KQ7M2ZP9XRTB6WN3HCV4N');
    await user.click(screen.getByRole('button', { name: 'Récupérer la photo' }));
    assert.ok(await screen.findByText('Photo non conforme : 1 critère(s) en écart.'));
    assert.ok(screen.getByText(/Cabine test/));
    assert.ok(screen.getByAltText('Portrait reçu du service e-photo'));
    await user.selectOptions(screen.getByLabelText(/Retenir la photo malgré les écarts/), 'young-child');
    await user.click(screen.getByRole('button', { name: 'Retenir malgré les écarts' }));
    assert.ok(await screen.findByText('Photo retenue pour le dossier.'));
    assert.equal(fake.requests('application.portraitEphoto')[1]?.overrideReason, 'young-child');
    assert.equal(done, 1);
  });

  it('the scan intake sends the chosen file in memory and shows the token and its source', async () => {
    const fake = fakeStation().answer('application.portraitScan', {
      ...kept(),
      source: 'Photo papier numérisée (600 ppp)',
    });
    let done = 0;
    await renderWithStation(
      <PortraitIntake initial="ephoto" onAccept={noop} onDraft={() => undefined} onDone={() => done++} />,
      fake,
    );
    const user = userEvent.setup();
    await user.click(screen.getByLabelText(/Photo papier/));
    await user.click(screen.getByRole('button', { name: 'Analyser la numérisation' }));
    assert.ok(await screen.findByText('Choisissez d’abord le fichier de la numérisation.'));
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'scan.png', { type: 'image/png' });
    await user.upload(screen.getByLabelText(/Numérisation de la photo papier/), file);
    await user.click(screen.getByRole('button', { name: 'Analyser la numérisation' }));
    assert.ok(await screen.findByText('Photo conforme.'));
    assert.deepEqual(fake.requests('application.portraitScan'), [{ imageBase64: 'iVBORw==' }]);
    await user.click(screen.getByRole('button', { name: 'Valider la photo' }));
    assert.equal(done, 1);
  });
});

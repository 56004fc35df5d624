/**
 * The application capture screens against the fake station: loading, errors, a device missing
 * (camera, fingerprint scanner, signature pad) and success, step by step, from the identity to the
 * citizen's receipt.
 */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApplicationDraft, ApplicationReview } from '../../../../main/contract';
import { installCamera } from '../../bridge/fake/camera';
import { completeDraft, draft, portraitAnalysis, receipt, tinyPng } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { CapturePage } from './CapturePage';
import { FingerprintStep } from './FingerprintStep';
import { type AcceptedPortrait, PortraitStep } from './PortraitStep';
import { ReviewStep } from './ReviewStep';
import { SignatureStep } from './SignatureStep';

let uninstall: (() => void) | undefined;

async function fillIdentity(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText('Nom de naissance'), 'Martin');
  await user.type(screen.getByLabelText('Prénoms'), 'Claire');
  await user.type(screen.getByLabelText('Date de naissance'), '1990-04-12');
  await user.selectOptions(screen.getByLabelText('Sexe'), 'F');
}
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

describe('application capture: the page', () => {
  it('shows its loading state while the draft is read', async () => {
    const fake = fakeStation();
    const current = fake.hold('application.current');
    await renderWithStation(<CapturePage />, fake);
    assert.ok(screen.getByText('Chargement…'));
    await current.release(null);
    assert.ok(screen.getByRole('button', { name: 'Commencer la demande' }));
  });

  it('says why the draft cannot be read', async () => {
    const fake = fakeStation().fail(
      'application.current',
      'HOST_UNAVAILABLE',
      'Le processus de synchronisation redémarre : réessayez dans un instant.',
    );
    await renderWithStation(<CapturePage />, fake);
    assert.ok(
      screen.getByText(
        'Le processus de synchronisation redémarre : réessayez dans un instant. Réf. E-HOST-UNAVAILABLE',
      ),
    );
  });

  it('resumes a draft at its first step still to do', async () => {
    const resumed = draft({ portrait: { compliant: true, failedCriteria: [], captured: true } });
    const fake = fakeStation().answer('application.current', resumed);
    await renderWithStation(<CapturePage />, fake);
    assert.match(screen.getByText(/Reprise de la demande en cours/).textContent ?? '', /conservée jusqu’à/);
    assert.ok(screen.getByRole('heading', { name: 'Empreintes digitales' }));
  });

  it('starts an application from the identity typed, then asks for the photo (camera missing)', async () => {
    uninstall = installCamera({ error: 'NotFoundError' }).uninstall;
    const fake = fakeStation().answer('application.current', null);
    fake.answer('application.start', (request) => draft({ applicant: request.applicant }));
    await renderWithStation(<CapturePage />, fake);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('Passeport'));
    await fillIdentity(user);
    await user.click(screen.getByRole('button', { name: 'Commencer la demande' }));
    await fake.settle();
    assert.deepEqual(fake.requests('application.start'), [
      {
        titleType: 'passport',
        applicant: { surname: 'Martin', givenNames: 'Claire', birthDate: '1990-04-12', sex: 'F' },
      },
    ]);
    assert.ok(screen.getByRole('heading', { name: 'Photo d’identité' }));
    assert.ok(screen.getByText('Aucune caméra compatible n’est branchée.'));
  });

  it('keeps the identity form and says why the station refused to start', async () => {
    const fake = fakeStation().answer('application.current', null);
    fake.fail(
      'application.start',
      'NOT_ENROLLED',
      'Poste non enrôlé : aucune demande ne peut être recueillie.',
    );
    await renderWithStation(<CapturePage />, fake);
    const user = userEvent.setup();
    await fillIdentity(user);
    await user.click(screen.getByRole('button', { name: 'Commencer la demande' }));
    await fake.settle();
    assert.ok(
      screen.getByText('Poste non enrôlé : aucune demande ne peut être recueillie. Réf. E-NOT-ENROLLED'),
    );
    assert.equal((screen.getByLabelText('Nom de naissance') as HTMLInputElement).value, 'Martin');
  });
});

/** An onAccept that keeps each accepted portrait in `list` and reports no problem. */
const keepInto = (list: AcceptedPortrait[]) => async (portrait: AcceptedPortrait) => {
  list.push(portrait);
  return undefined;
};

describe('application capture: portrait', () => {
  it('guides the applicant live, captures by itself when the pose holds, and keeps the photo', async () => {
    uninstall = installCamera({ width: 1280, height: 960 }).uninstall;
    const accepted: AcceptedPortrait[] = [];
    let live = 0;
    const fake = fakeStation().answer('portrait.analyze', (request) =>
      request.mode === 'final'
        ? portraitAnalysis()
        : ++live <= 2
          ? portraitAnalysis(['inter_eye_distance'], 'Rapprochez-vous de l’appareil.')
          : portraitAnalysis(),
    );
    await renderWithStation(<PortraitStep onAccept={keepInto(accepted)} />, fake);
    assert.ok(await screen.findByText('Rapprochez-vous de l’appareil.', {}, { timeout: 3000 }));
    assert.ok(await screen.findByText('Photo conforme.', {}, { timeout: 3000 }));
    const requests = fake.requests('portrait.analyze');
    const final = requests.at(-1);
    assert.equal(final?.mode, 'final');
    assert.ok(
      requests.slice(0, -1).every((r) => r.mode === 'live' && r.pixelScale === 2),
      'live frames at 640 px',
    );
    assert.ok(
      Buffer.from(final?.jpegBase64 ?? '', 'base64')
        .subarray(0, 2)
        .equals(Buffer.from([0xff, 0xd8])),
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Valider la photo' }));
    assert.equal(accepted.length, 1);
    assert.ok(screen.getByText('Photo retenue pour le dossier.'));
  });

  it('keeps a non-compliant photo only with a reason', async () => {
    uninstall = installCamera({ width: 640, height: 480 }).uninstall;
    const accepted: AcceptedPortrait[] = [];
    const fake = fakeStation().answer('portrait.analyze', (request) =>
      portraitAnalysis(
        ['head_covering'],
        request.mode === 'live' ? 'Retirez votre couvre-chef.' : 'Photo prise.',
      ),
    );
    await renderWithStation(<PortraitStep onAccept={keepInto(accepted)} />, fake);
    assert.ok(await screen.findByText('Retirez votre couvre-chef.', {}, { timeout: 3000 }));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Prendre la photo maintenant' }));
    assert.ok(await screen.findByText('Photo non conforme : 1 critère(s) en écart.', {}, { timeout: 3000 }));
    assert.equal(screen.queryByRole('button', { name: 'Valider la photo' }), null);
    const keep = screen.getByRole('button', { name: 'Retenir malgré les écarts' }) as HTMLButtonElement;
    assert.equal(keep.disabled, true);
    await user.selectOptions(screen.getByLabelText(/motif obligatoire/), 'religious-covering');
    await user.click(keep);
    assert.equal(accepted[0]?.overrideReason, 'religious-covering');
  });

  it('says that no camera is plugged', async () => {
    uninstall = installCamera({ error: 'NotFoundError' }).uninstall;
    await renderWithStation(<PortraitStep />, fakeStation());
    assert.ok(await screen.findByText('Aucune caméra compatible n’est branchée.'));
  });

  it('says why the station could not check the frame', async () => {
    uninstall = installCamera({ width: 640, height: 480 }).uninstall;
    const fake = fakeStation().fail(
      'portrait.analyze',
      'HOST_UNAVAILABLE',
      'Le processus des périphériques redémarre : réessayez dans un instant.',
    );
    await renderWithStation(<PortraitStep />, fake);
    assert.ok(
      await screen.findByText(
        'Le processus des périphériques redémarre : réessayez dans un instant. Réf. E-HOST-UNAVAILABLE',
        {},
        { timeout: 3000 },
      ),
    );
  });
});

describe('application capture: fingerprints', () => {
  const attempt = {
    finger: 'right-index' as const,
    attempt: 1,
    quality: 34,
    accepted: false,
    feedback: 'Appuyez un peu plus fort.',
    pngBase64: tinyPng,
  };

  it('captures a finger: busy while the scanner works, then the print and one instruction', async () => {
    const drafts: ApplicationDraft[] = [];
    const fake = fakeStation();
    const capture = fake.hold('application.captureFinger');
    await renderWithStation(<FingerprintStep draft={draft()} onDraft={(d) => drafts.push(d)} />, fake);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Capturer : index droit' }));
    const busy = screen.getByRole('button', {
      name: 'Capture en cours… posez le doigt',
    }) as HTMLButtonElement;
    assert.equal(busy.disabled, true);
    const after = draft({
      fingerprints: {
        required: true,
        slots: [
          { finger: 'right-index', status: 'pending', attempts: 1, bestQuality: 34 },
          { finger: 'left-index', status: 'pending', attempts: 0 },
        ],
      },
    });
    await capture.release({ draft: after, attempt });
    assert.deepEqual(fake.requests('application.captureFinger'), [{ finger: 'right-index' }]);
    assert.ok(screen.getByText('Appuyez un peu plus fort.'));
    assert.ok(screen.getByAltText('Empreinte capturée : index droit, essai 1'));
    assert.deepEqual(drafts, [after]);
  });

  it('declares a finger unusable only with a reason', async () => {
    const fake = fakeStation().answer('application.markFinger', draft());
    await renderWithStation(<FingerprintStep draft={draft()} onDraft={() => undefined} />, fake);
    const card = screen.getByRole('heading', { name: /Index droit/ }).closest('.fr-card') as HTMLElement;
    const mark = within(card).getByRole('button', {
      name: 'Déclarer le doigt inutilisable',
    }) as HTMLButtonElement;
    assert.equal(mark.disabled, true);
    const user = userEvent.setup();
    await user.selectOptions(within(card).getByLabelText(/motif/), 'bandaged');
    await user.click(mark);
    assert.deepEqual(fake.requests('application.markFinger'), [
      { finger: 'right-index', status: 'unusable', reason: 'bandaged' },
    ]);
  });

  it('tells when no fingerprint is taken (under age)', async () => {
    const young = draft({ fingerprints: { required: false, slots: [] } });
    await renderWithStation(<FingerprintStep draft={young} onDraft={() => undefined} />, fakeStation());
    assert.ok(screen.getByText('Pas de relevé d’empreintes'));
  });
});

describe('application capture: signature', () => {
  const tablet = { maxX: 9600, maxY: 6000 };

  it('shows the strokes live, then keeps the signature', async () => {
    const kept: ApplicationDraft[] = [];
    const fake = fakeStation()
      .answer('application.signatureStart', { width: 600, height: 300 })
      .answer('application.signatureFinish', {
        draft: draft({ signature: { points: 3, strokes: 1 } }),
        svg: '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"></svg>',
      });
    await renderWithStation(<SignatureStep draft={draft()} onDraft={(d) => kept.push(d)} />, fake);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Commencer la signature' }));
    const validate = screen.getByRole('button', { name: 'Valider la signature' }) as HTMLButtonElement;
    assert.equal(validate.disabled, true, 'nothing to keep before the first point');
    await fake.emit('signature.points', {
      tablet,
      points: [
        { x: 1000, y: 1000, p: 0.5, down: true },
        { x: 2000, y: 1500, p: 0.6, down: true },
        { x: 2100, y: 1500, p: 0, down: false },
        { x: 3000, y: 1200, p: 0.4, down: true },
      ],
    });
    assert.ok(screen.getByRole('img', { name: 'Signature en cours sur la tablette : 3 points reçus' }));
    await fake.emit('signature.points', { tablet, points: [], cleared: true });
    assert.ok(screen.getByRole('img', { name: 'Signature en cours sur la tablette : 0 points reçus' }));
    await fake.emit('signature.points', { tablet, points: [{ x: 1000, y: 1000, p: 0.5, down: true }] });
    await user.click(validate);
    assert.ok(screen.getByAltText('Signature retenue pour le dossier'));
    assert.equal(kept[0]?.signature?.strokes, 1);
    assert.ok(screen.getByRole('button', { name: 'Refaire la signature' }));
  });
});

describe('application capture: a device missing', () => {
  const cases = [
    {
      device: 'fingerprint scanner',
      command: 'application.captureFinger',
      button: 'Capturer : index gauche',
      message: 'Aucun lecteur d’empreintes n’est installé sur ce poste.',
      step: <FingerprintStep draft={draft()} onDraft={() => undefined} />,
    },
    {
      device: 'signature pad',
      command: 'application.signatureStart',
      button: 'Commencer la signature',
      message: 'Aucune tablette de signature n’est installée sur ce poste.',
      step: <SignatureStep draft={draft()} onDraft={() => undefined} />,
    },
  ] as const;
  for (const { device, command, button, message, step } of cases) {
    it(`says that the ${device} is missing, and lets the agent try again`, async () => {
      const fake = fakeStation().fail(command, 'DEVICE_ERROR', message);
      await renderWithStation(step, fake);
      await userEvent.setup().click(screen.getByRole('button', { name: button }));
      await fake.settle();
      assert.ok(screen.getByText(`${message} Réf. E-DEVICE-ERROR`));
      assert.ok(screen.getByRole('button', { name: button }));
      assert.equal(fake.requests(command).length, 1);
    });
  }
});

describe('application capture: review and submission', () => {
  const review = (d: ApplicationDraft): ApplicationReview => ({
    draft: d,
    portraitJpegBase64: tinyPng,
    fingers: [{ finger: 'right-index', quality: 71, pngBase64: tinyPng }],
    signatureSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
  });

  it('loads the dossier, then submits it and shows the receipt', async () => {
    const fake = fakeStation();
    const reading = fake.hold('application.review');
    fake.answer('application.submit', receipt());
    await renderWithStation(<CapturePage />, fake.answer('application.current', completeDraft()));
    assert.ok(screen.getByText('Chargement…'));
    await reading.release(review(completeDraft()));
    assert.ok(screen.getByText('Martin Claire, né(e) le 1990-04-12'));
    assert.ok(screen.getByText('index gauche : doigt inutilisable'));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Envoyer le dossier' }));
    await fake.settle();
    assert.equal(screen.getByTestId('dossier-number').textContent, '7C3D-8E4F-5A6B');
    assert.ok(screen.getByRole('heading', { name: 'Récépissé de dépôt de demande' }));
  });

  it('does not submit an incomplete dossier', async () => {
    const incomplete = completeDraft({ signature: null, missing: ['signature'] });
    const fake = fakeStation().answer('application.review', review(incomplete));
    await renderWithStation(<ReviewStep onSubmitted={() => undefined} />, fake);
    assert.ok(screen.getByText('À compléter : signature.'));
    assert.equal(
      (screen.getByRole('button', { name: 'Envoyer le dossier' }) as HTMLButtonElement).disabled,
      true,
    );
  });

  it('says why the outbox refused the dossier, and keeps the review', async () => {
    const fake = fakeStation()
      .answer('application.review', review(completeDraft()))
      .fail(
        'application.submit',
        'QUEUE_REFUSED',
        'Espace disque insuffisant : le dossier est conservé, libérez de la place puis renvoyez-le.',
      );
    await renderWithStation(<ReviewStep onSubmitted={() => undefined} />, fake);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Envoyer le dossier' }));
    await fake.settle();
    assert.ok(
      screen.getByText(
        'Espace disque insuffisant : le dossier est conservé, libérez de la place puis renvoyez-le. Réf. E-QUEUE-REFUSED',
      ),
    );
    assert.ok(screen.getByRole('button', { name: 'Envoyer le dossier' }));
  });

  it('says why the dossier cannot be read', async () => {
    const fake = fakeStation().fail('application.review', 'NOT_FOUND', 'Aucune demande en cours.');
    await renderWithStation(<ReviewStep onSubmitted={() => undefined} />, fake);
    assert.ok(screen.getByText('Aucune demande en cours. Réf. E-NOT-FOUND'));
  });
});

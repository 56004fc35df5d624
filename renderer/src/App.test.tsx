/**
 * The application frame and the agent session against the fake station: loading, sign-in with the
 * agent card and PIN (refused, error, card reader missing, success), the lock screen, the screens
 * per role, and the banners of a lost connection or a restarting host.
 */
import '../../test/support/dom';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import { healthyStation, host, queue, session } from './bridge/fake/fixtures';
import { fakeStation, renderWithStation } from './bridge/fake/render';

beforeEach(() => window.history.replaceState(null, '', '/#/'));

describe('application frame and agent session', () => {
  it('waits for the session before showing any screen', async () => {
    const fake = healthyStation(fakeStation());
    fake.hold('session.status');
    await renderWithStation(<App />, fake);
    assert.ok(screen.getByText('Connexion au poste…'));
    assert.equal(screen.queryByTestId('sign-in'), null);
  });

  it('asks for the agent card, then its PIN, and opens the session', async () => {
    const fake = healthyStation(fakeStation(), session('closed'));
    const opened = session('open', { role: 'agent', agentName: 'Camille Martin' });
    fake.answer('session.signIn', { ok: true, session: opened });
    await renderWithStation(<App />, fake);
    assert.ok(screen.getByText('Insérez votre carte agent'));

    await fake.emit('session.state', session('awaiting-pin'));
    assert.equal(
      screen.getByTestId('pin-tries').textContent,
      'Essais restants avant blocage de la carte : 3',
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Code PIN/), '12a34');
    await user.click(screen.getByRole('button', { name: 'Ouvrir la session' }));
    assert.deepEqual(fake.requests('session.signIn'), [{ pin: '1234' }]);

    await fake.emit('session.state', opened);
    assert.ok(screen.getByRole('heading', { level: 1, name: 'Poste de recueil' }));
    const role = document.querySelector('[data-session-role]');
    assert.equal(role?.getAttribute('data-session-role'), 'agent');
    // The header names the agent from the card certificate, not by the pseudonymous id.
    // (DSFR's header renders its quick access twice: the wide header and the mobile menu.)
    for (const agent of screen.getAllByTestId('session-agent'))
      assert.equal(agent.textContent, 'Camille Martin');
  });

  it('says why a PIN is refused and how many tries are left', async () => {
    const waiting = session('awaiting-pin');
    const fake = healthyStation(fakeStation(), waiting);
    fake.answer('session.signIn', {
      ok: false,
      reason: 'wrong-pin',
      message: 'Code PIN incorrect : 2 essais restants.',
      triesLeft: 2,
      session: { ...waiting, triesLeft: 2 },
    });
    await renderWithStation(<App />, fake);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Code PIN/), '0000');
    await user.click(screen.getByRole('button', { name: 'Ouvrir la session' }));
    assert.ok(screen.getByText('Code PIN incorrect : 2 essais restants.'));
    assert.equal(screen.queryByTestId('pin-tries'), null, 'the tries left are said once, in the message');
    assert.equal((screen.getByLabelText(/Code PIN/) as HTMLInputElement).value, '', 'the PIN is not kept');
  });

  it('shows the station’s error when the card reader is missing', async () => {
    const fake = healthyStation(fakeStation(), session('awaiting-pin'));
    fake.fail('session.signIn', 'DEVICE_ERROR', 'Aucun lecteur de carte agent n’est branché sur ce poste.');
    await renderWithStation(<App />, fake);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Code PIN/), '1234');
    await user.click(screen.getByRole('button', { name: 'Ouvrir la session' }));
    assert.ok(
      screen.getByText('Aucun lecteur de carte agent n’est branché sur ce poste. Réf. E-DEVICE-ERROR'),
    );
  });

  it('explains a blocked or refused card', async () => {
    const fake = healthyStation(
      fakeStation(),
      session('blocked', { message: 'Carte bloquée après trois codes PIN erronés.' }),
    );
    await renderWithStation(<App />, fake);
    assert.ok(screen.getByText('Carte bloquée'));
    assert.ok(screen.getByText('Carte bloquée après trois codes PIN erronés. Retirez la carte.'));
    await fake.emit('session.state', session('rejected', { message: 'Carte émise par une autre autorité.' }));
    assert.ok(screen.getByText('Carte refusée'));
    assert.ok(screen.getByText('Carte émise par une autre autorité.'));
  });

  it('locks: nothing of the work is shown, the PIN resumes the session', async () => {
    const locked = session('locked', { role: 'agent-certificateur' });
    const fake = healthyStation(fakeStation(), locked);
    fake.answer('session.unlock', { ok: true, session: session('open', { role: 'agent-certificateur' }) });
    await renderWithStation(<App />, fake);
    const lock = screen.getByTestId('lock-screen');
    assert.ok(within(lock).getByText('Session verrouillée'));
    assert.equal(screen.queryByText('Poste de recueil'), null);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Code PIN/), '1234');
    await user.click(screen.getByRole('button', { name: 'Déverrouiller' }));
    assert.deepEqual(fake.requests('session.unlock'), [{ pin: '1234' }]);
  });

  it('takes a technician to diagnostics and keeps them off the capture screens', async () => {
    window.history.replaceState(null, '', '/#/capture');
    const fake = healthyStation(fakeStation(), session('open', { role: 'technicien' }));
    fake.answer('devices.list', []);
    await renderWithStation(<App />, fake);
    assert.equal(window.location.hash, '#/diagnostics');
    assert.ok(screen.getByRole('heading', { level: 1, name: 'Diagnostic' }));
    const nav = screen.getAllByRole('navigation').map((n) => n.textContent ?? '');
    assert.ok(nav.some((text) => text.includes('Suivi des demandes') && !text.includes('Demande de titre')));
  });

  it('warns while the core connection is lost or a host restarts', async () => {
    const fake = healthyStation(fakeStation());
    fake.answer('queue.status', queue());
    await renderWithStation(<App />, fake);
    await fake.connect('closed');
    assert.ok(screen.getByText('Connexion au cœur du poste perdue : reconnexion en cours…'));
    await fake.connect('open');
    assert.equal(screen.queryByText('Connexion au cœur du poste perdue : reconnexion en cours…'), null);
    await fake.emit('host.status', host('device', { state: 'restarting', restarts: 1 }));
    assert.ok(
      screen.getByText(
        'Processus des périphériques : redémarrage en cours. Le poste le relance automatiquement.',
      ),
    );
  });
});

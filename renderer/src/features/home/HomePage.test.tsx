/** Home screen states against the fake station: loading, error, device missing, success. */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screen, within } from '@testing-library/react';
import { bench, device, enrolled, healthyStation, stationInfo } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { HomePage } from './HomePage';

describe('home page', () => {
  it('shows the station, its network state and its devices', async () => {
    const fake = healthyStation(fakeStation());
    await renderWithStation(<HomePage />, fake);
    assert.equal(screen.getByTestId('station-id').textContent, stationInfo.stationId);
    assert.ok(screen.getByText('En ligne'));
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    assert.equal(rows.length, 1 + bench().length);
  });

  it('says what it is reading while the station has not answered', async () => {
    const fake = healthyStation(fakeStation());
    fake.hold('station.info');
    fake.hold('devices.list');
    await renderWithStation(<HomePage />, fake);
    assert.ok(screen.getByText('Lecture de l’identité du poste…'));
    assert.ok(screen.getByText('Chargement de l’état des périphériques…'));
  });

  it('shows a missing device as disconnected', async () => {
    const fake = healthyStation(fakeStation());
    fake.answer('devices.list', [
      ...bench().filter((d) => d.kind !== 'signature'),
      device('signature', { connection: 'disconnected' }),
    ]);
    await renderWithStation(<HomePage />, fake);
    const row = document.querySelector('[data-device-id="wacom-stu-540"]');
    assert.equal(row?.getAttribute('data-connection'), 'disconnected');
    assert.ok(within(row as HTMLElement).getByText('Déconnecté'));
  });

  it('tells the agent that a station that is not enrolled captures nothing', async () => {
    const fake = healthyStation(fakeStation());
    fake.answer('station.enrollment', {
      ...enrolled,
      enrolled: false,
      reason: 'Certificat du poste révoqué.',
    });
    await renderWithStation(<HomePage />, fake);
    assert.ok(screen.getByText('Poste non enrôlé : aucune demande ne peut être recueillie'));
    assert.ok(screen.getByText('Certificat du poste révoqué.'));
  });

  it('says in French why sync cannot start, with its reference, never the raw system error', async () => {
    const fake = healthyStation(fakeStation());
    const message =
      'Synchronisation indisponible : le port du système central de démonstration est déjà utilisé (un autre poste tourne peut-être sur cette machine). Arrêtez l’autre poste, puis redémarrez le processus de synchronisation depuis le diagnostic.';
    fake.answer('sync.status', {
      state: 'blocked',
      online: false,
      queued: 0,
      detail: message,
      problem: { code: 'SYNC_UNAVAILABLE', message, incident: '7F3A2C1B' },
    });
    await renderWithStation(<HomePage />, fake);
    assert.ok(screen.getByText('Hors ligne'));
    assert.ok(screen.getByText(`${message} Réf. E-SYNC-UNAVAILABLE-7F3A2C1B`));
    assert.ok(!document.body.textContent?.includes('EADDRINUSE'));
  });
});

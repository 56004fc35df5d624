/** The health checks on the diagnostics screen against the fake station: loading, error, statuses, re-run. */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { HealthCheck } from '../../../../main/contract';
import { healthyStation } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { HealthChecks } from './HealthChecks';

const checks: HealthCheck[] = [
  {
    id: 'clock-drift',
    status: 'warn',
    message: 'L’horloge du poste est en retard sur celle du système central de 5 min.',
    remedy: 'Vérifiez la synchronisation de l’heure du poste.',
  },
  {
    id: 'station-certificate',
    status: 'fail',
    message: 'Certificat du poste expiré le 01/12/2026.',
    remedy: 'Ré-enrôlez le poste.',
  },
  { id: 'disk-free', status: 'ok', message: '10 000 Mo libres.', remedy: 'Rien à faire.' },
];

describe('health checks (diagnostics)', () => {
  it('shows each check with its status, what was found and the remedy', async () => {
    const fake = healthyStation(fakeStation()).answer('diagnostics.health', checks);
    await renderWithStation(<HealthChecks />, fake);
    await screen.findByTestId('health-checks');
    assert.equal(screen.getByTestId('health-summary').textContent, '2 contrôles à traiter sur 3.');
    const clock = document.querySelector('[data-check="clock-drift"]') as HTMLElement;
    assert.equal(clock.getAttribute('data-status'), 'warn');
    assert.ok(within(clock).getByText('Horloge du poste'));
    assert.ok(within(clock).getByText('À surveiller'));
    assert.ok(within(clock).getByText('Vérifiez la synchronisation de l’heure du poste.'));
    const cert = document.querySelector('[data-check="station-certificate"]') as HTMLElement;
    assert.ok(within(cert).getByText('En échec'));
    assert.ok(within(document.querySelector('[data-check="disk-free"]') as HTMLElement).getByText('Correct'));
  });

  it('says the checks are running while the station has not answered', async () => {
    const fake = healthyStation(fakeStation());
    fake.hold('diagnostics.health');
    await renderWithStation(<HealthChecks />, fake);
    assert.ok(screen.getByText('Contrôles en cours…'));
  });

  it('shows a refusal in French and runs the checks again on demand', async () => {
    const fake = healthyStation(fakeStation()).fail(
      'diagnostics.health',
      'HOST_UNAVAILABLE',
      'Le processus de synchronisation ne répond pas.',
    );
    await renderWithStation(<HealthChecks />, fake);
    await screen.findByText(/^Le processus de synchronisation ne répond pas\. Réf\. E-/);
    fake.answer(
      'diagnostics.health',
      checks.filter((c) => c.status === 'ok'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Relancer les contrôles' }));
    await waitFor(() =>
      assert.equal(screen.getByTestId('health-summary').textContent, 'Tous les contrôles sont corrects.'),
    );
    assert.equal(screen.queryByText(/ne répond pas/), null);
  });
});

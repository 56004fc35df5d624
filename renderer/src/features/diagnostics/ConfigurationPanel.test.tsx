/** The diagnostics' signed-configuration panel against the fake station: in force, built-in, frozen, loading, error. */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screen } from '@testing-library/react';
import { configuration, healthyStation } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { ConfigurationPanel } from './ConfigurationPanel';

describe('signed configuration panel', () => {
  it('shows the version in force, the one before and the last successful sync', async () => {
    await renderWithStation(<ConfigurationPanel />, healthyStation(fakeStation()));
    const panel = screen.getByTestId('configuration');
    assert.equal(panel.getAttribute('data-version'), String(configuration.version));
    assert.match(panel.textContent ?? '', /Version en vigueur : 3, émise le 01\/12\/2026/);
    assert.match(panel.textContent ?? '', /Version précédente : 2/);
    assert.match(panel.textContent ?? '', /Délai maximal sans synchronisation : 7 jours/);
    assert.equal(screen.queryByText(/la saisie de nouvelles demandes est suspendue/), null);
  });

  it('says when nothing came from the central yet, and when the station is frozen', async () => {
    const fake = healthyStation(fakeStation()).answer('station.configuration', {
      version: 0,
      source: 'built-in',
      freezeDays: 7,
      lastSyncAt: '2026-11-20T08:00:00.000Z',
      lastSyncKind: 'first-start',
      frozen: true,
    });
    await renderWithStation(<ConfigurationPanel />, fake);
    assert.match(screen.getByTestId('configuration').textContent ?? '', /configuration intégrée/);
    assert.match(
      screen.getByTestId('configuration').textContent ?? '',
      /décompte depuis le premier démarrage/,
    );
    assert.ok(
      screen.getByText(/Délai sans synchronisation dépassé : la saisie de nouvelles demandes est suspendue/),
    );
  });

  it('says what it is reading', async () => {
    const fake = healthyStation(fakeStation());
    fake.hold('station.configuration');
    await renderWithStation(<ConfigurationPanel />, fake);
    assert.ok(screen.getByText('Lecture de la configuration en vigueur…'));
  });

  it('a failed read is said in French with its reference', async () => {
    const fake = healthyStation(fakeStation()).fail(
      'station.configuration',
      'HOST_UNAVAILABLE',
      'Le processus de synchronisation redémarre : réessayez dans quelques secondes.',
    );
    await renderWithStation(<ConfigurationPanel />, fake);
    assert.ok(await screen.findByText(/Le processus de synchronisation redémarre/));
  });
});

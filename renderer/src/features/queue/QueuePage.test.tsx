/** "Suivi des demandes" against the fake station: statuses, search, filters, complement requests, errors. */
import '../../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { QueueItem } from '../../../../main/contract';
import { healthyStation, queue } from '../../bridge/fake/fixtures';
import { fakeStation, renderWithStation } from '../../bridge/fake/render';
import { QueuePage } from './QueuePage';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const item = (id: string, over: Partial<QueueItem> = {}): QueueItem => ({
  id,
  kind: 'application',
  state: 'acknowledged',
  attempts: 1,
  enqueuedAt: daysAgo(1),
  sizeBytes: 1000,
  ...over,
});

const items = [
  item('01938a6e-7c00-7000-8000-00000000aaaa', { state: 'queued', attempts: 0 }),
  item('01938a6e-7c00-7000-8000-00000000bbbb', { centralStatus: 'instruction', centralStatusAt: daysAgo(1) }),
  item('01938a6e-7c00-7000-8000-00000000cccc', {
    centralStatus: 'complement_requested',
    centralStatusAt: daysAgo(2),
    enqueuedAt: daysAgo(12),
  }),
  item('01938a6e-7c00-7000-8000-00000000dddd', { state: 'purged', enqueuedAt: daysAgo(45) }),
];

const rows = () => within(screen.getByTestId('follow-up')).getAllByRole('row').slice(1);
const ids = () => rows().map((r) => r.querySelector('td')?.textContent?.slice(-4));

describe('suivi des demandes', () => {
  it('lists every dossier with its status at the central, or in the queue before that', async () => {
    const fake = healthyStation(fakeStation()).answer('queue.status', queue({ items }));
    await renderWithStation(<QueuePage />, fake);
    assert.ok(screen.getByRole('heading', { level: 1, name: 'Suivi des demandes' }));
    assert.deepEqual(
      rows().map((r) => within(r).getAllByRole('cell')[3]!.textContent),
      ['En attente d’envoi', 'En instruction', 'Recueil complémentaire demandé', 'Transmis'],
    );
  });

  it('searches by dossier number and filters by status and age', async () => {
    const fake = healthyStation(fakeStation()).answer('queue.status', queue({ items }));
    await renderWithStation(<QueuePage />, fake);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Numéro de dossier/), 'CCCC');
    assert.deepEqual(ids(), ['cccc']);
    await user.clear(screen.getByLabelText(/Numéro de dossier/));
    await user.selectOptions(screen.getByLabelText('Statut'), 'instruction');
    assert.deepEqual(ids(), ['bbbb']);
    await user.selectOptions(screen.getByLabelText('Statut'), '');
    await user.selectOptions(screen.getByLabelText('Ancienneté'), 'month');
    assert.deepEqual(ids(), ['cccc']);
    await user.selectOptions(screen.getByLabelText('Ancienneté'), 'older');
    assert.deepEqual(ids(), ['dddd']);
    await user.selectOptions(screen.getByLabelText('Statut'), 'rejected');
    assert.ok(screen.getByText('Aucun dossier ne correspond à la recherche.'));
  });

  it('shows the complement requests the central sent', async () => {
    const fake = healthyStation(fakeStation()).answer(
      'queue.status',
      queue({
        items,
        requests: [
          {
            request: '0b7e2a10-1111-4222-8333-444455556666',
            dossier: items[2]!.id,
            part: 'portrait',
            reason: 'photo-non-conforme',
            deadline: '2026-12-23T10:00:00.000Z',
          },
        ],
      }),
    );
    await renderWithStation(<QueuePage />, fake);
    const table = screen.getByTestId('complement-requests');
    const cells = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    assert.deepEqual(cells, [items[2]!.id, 'Photo', 'photo-non-conforme', '23/12/2026']);
  });

  it('says so when the station cannot answer', async () => {
    const fake = healthyStation(fakeStation()).fail(
      'queue.status',
      'HOST_UNAVAILABLE',
      'Le processus de synchronisation ne répond pas.',
    );
    await renderWithStation(<QueuePage />, fake);
    assert.ok(await screen.findByText(/synchronisation/i));
  });
});

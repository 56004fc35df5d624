/** The shared DSFR table frame: caption, headings, the screen's own rows, and the optional focusable scroll region. */
import '../../../test/support/dom';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render, screen, within } from '@testing-library/react';
import { DataTable } from './DataTable';

describe('data table', () => {
  it('frames the rows under their caption and column headings', () => {
    render(
      <DataTable caption="Dossiers récents" headers={['Dossier', 'État']} className="fr-table--sm" testId="t">
        <tr data-row="a">
          <td>A</td>
          <td>envoyé</td>
        </tr>
      </DataTable>,
    );
    const table = screen.getByRole('table', { name: 'Dossiers récents' });
    assert.deepEqual(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
      ['Dossier', 'État'],
    );
    assert.equal(within(table).getAllByRole('row').length, 2);
    assert.ok(table.querySelector('tbody > tr[data-row="a"]'));
    assert.equal(screen.getByTestId('t').className, 'fr-table fr-table--sm');
    assert.equal(screen.queryByRole('region'), null);
  });

  it('makes the scroll container a named region that takes focus when asked', () => {
    render(
      <DataTable caption="Incidents" headers={['Heure']} scrollRegionLabel="Tableau des incidents">
        <tr>
          <td>10:00</td>
        </tr>
      </DataTable>,
    );
    const region = screen.getByRole('region', { name: 'Tableau des incidents' });
    assert.equal(region.getAttribute('tabindex'), '0');
    assert.ok(within(region).getByRole('table', { name: 'Incidents' }));
  });
});

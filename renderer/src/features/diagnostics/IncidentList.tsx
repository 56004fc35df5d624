/**
 * Technician diagnostics: the station's recent incidents, newest first. An agent reads a reference
 * such as `E-QUEUE-REFUSED-7F3A2C1B` to the technician, who finds it here with what the agent was
 * shown and the technical detail the agent never sees (the log holds the same lines).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useCallback, useEffect, useState } from 'react';
import type { Incident } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';

export function IncidentList() {
  const invoke = useCommand();
  const [incidents, setIncidents] = useState<Incident[]>();
  const [error, setError] = useState<string>();
  const refresh = useCallback(async () => {
    const result = await invoke('diagnostics.incidents', {});
    if (result.ok) {
      setIncidents(result.value);
      setError(undefined);
    } else setError(errorText(result.error));
  }, [invoke]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section aria-labelledby="diag-incidents" className="fr-mb-4w">
      <h2 id="diag-incidents" className="fr-h4">
        Incidents récents
      </h2>
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {incidents && incidents.length === 0 && <p>Aucun incident depuis le démarrage du poste.</p>}
      {incidents && incidents.length > 0 && (
        <div className="fr-table fr-table--sm">
          <div className="fr-table__wrapper">
            {/* The technical column may be wide: the scrolling region is reachable by keyboard. */}
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus (WCAG 2.1.1) */}
            <section className="fr-table__container" tabIndex={0} aria-label="Tableau des incidents">
              <div className="fr-table__content">
                <table data-testid="incidents">
                  <caption>Incidents depuis le démarrage du poste</caption>
                  <thead>
                    <tr>
                      <th scope="col">Heure</th>
                      <th scope="col">Référence</th>
                      <th scope="col">Opération</th>
                      <th scope="col">Message affiché</th>
                      <th scope="col">Détail technique</th>
                    </tr>
                  </thead>
                  <tbody>
                    {incidents.map((incident) => (
                      <tr key={incident.incident} data-incident={incident.incident}>
                        <td>{new Date(incident.at).toLocaleTimeString('fr-FR')}</td>
                        <td className="recueil-hex">{incident.reference}</td>
                        <td className="recueil-hex">{incident.command}</td>
                        <td>{errorText(incident)}</td>
                        <td className="recueil-hex">{incident.technical ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
        </div>
      )}
      <Button priority="secondary" size="small" onClick={() => void refresh()}>
        Actualiser les incidents
      </Button>
    </section>
  );
}

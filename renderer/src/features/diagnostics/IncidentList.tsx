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
import { DataTable } from '../../ui/DataTable';
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
      {/* The technical column may be wide: the scrolling region is reachable by keyboard. */}
      {incidents && incidents.length > 0 && (
        <DataTable
          caption="Incidents depuis le démarrage du poste"
          headers={['Heure', 'Référence', 'Opération', 'Message affiché', 'Détail technique']}
          className="fr-table--sm"
          testId="incidents"
          scrollRegionLabel="Tableau des incidents"
        >
          {incidents.map((incident) => (
            <tr key={incident.incident} data-incident={incident.incident}>
              <td>{new Date(incident.at).toLocaleTimeString('fr-FR')}</td>
              <td className="recueil-hex">{incident.reference}</td>
              <td className="recueil-hex">{incident.command}</td>
              <td>{errorText(incident)}</td>
              <td className="recueil-hex">{incident.technical ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Button priority="secondary" size="small" onClick={() => void refresh()}>
        Actualiser les incidents
      </Button>
    </section>
  );
}

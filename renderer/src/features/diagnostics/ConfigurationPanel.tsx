/**
 * Technician diagnostics: the central's signed configuration in force (its version, when it was
 * issued and applied, the one before it) and the freeze rule (last successful sync, limit, and
 * whether new applications are refused).
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useState } from 'react';
import type { SignedConfigurationView } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { errorText } from '../../ui/error-text';

const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });

export function ConfigurationPanel() {
  const invoke = useCommand();
  const [view, setView] = useState<SignedConfigurationView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    void invoke('station.configuration', {}).then((result) => {
      if (result.ok) setView(result.value);
      else setError(errorText(result.error));
    });
  }, [invoke]);

  return (
    <section aria-labelledby="diag-configuration" className="fr-mb-4w">
      <h2 id="diag-configuration" className="fr-h4">
        Configuration du système central
      </h2>
      {error && <Alert severity="error" small description={error} />}
      {!view && !error && <p>Lecture de la configuration en vigueur…</p>}
      {view && (
        <ul className="fr-raw-list" data-testid="configuration" data-version={view.version}>
          <li>
            <strong>Version en vigueur :</strong>{' '}
            {view.source === 'central'
              ? `${view.version}${view.issuedAt ? `, émise le ${dateTime(view.issuedAt)}` : ''}${view.appliedAt ? `, appliquée le ${dateTime(view.appliedAt)}` : ''}`
              : 'configuration intégrée (aucune reçue du système central)'}
          </li>
          {view.previousVersion !== undefined && (
            <li>
              <strong>Version précédente :</strong> {view.previousVersion}
            </li>
          )}
          <li>
            <strong>Dernière synchronisation réussie :</strong>{' '}
            {view.lastSyncKind === 'sync' && view.lastSyncAt
              ? dateTime(view.lastSyncAt)
              : view.lastSyncAt
                ? `aucune (décompte depuis le premier démarrage, le ${dateTime(view.lastSyncAt)})`
                : 'aucune'}
          </li>
          <li>
            <strong>Délai maximal sans synchronisation :</strong> {view.freezeDays} jours
          </li>
        </ul>
      )}
      {view?.frozen && (
        <Alert
          className="fr-mt-2w"
          severity="warning"
          small
          description="Délai sans synchronisation dépassé : la saisie de nouvelles demandes est suspendue jusqu’à la prochaine synchronisation réussie."
        />
      )}
    </section>
  );
}

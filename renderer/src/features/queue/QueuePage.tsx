/**
 * The offline queue: dossiers waiting, in flight, acknowledged by the central title system, and
 * parked (with their cause in plain French), the progress of the current upload, and
 * "Synchroniser maintenant". Only ids and states are shown: never the dossiers' content.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import type { Progress, QueueItem, QueueStatus } from '../../../../main/contract';
import { useCommand, useStationEvents, useSyncState } from '../../bridge/context';
import { DataTable } from '../../ui/DataTable';
import { errorText, syncDetailText } from '../../ui/error-text';

const stateLabel: Record<
  QueueItem['state'],
  { text: string; severity: 'info' | 'new' | 'success' | 'warning' | 'error' }
> = {
  queued: { text: 'En attente', severity: 'info' },
  uploading: { text: 'En cours d’envoi', severity: 'new' },
  acknowledged: { text: 'Transmis', severity: 'success' },
  purged: { text: 'Transmis (effacé)', severity: 'success' },
  parked: { text: 'Écarté', severity: 'error' },
};
const kindLabel = { application: 'Demande de titre', certification: 'Certification' } as const;

export function QueuePage() {
  const invoke = useCommand();
  const sync = useSyncState();
  const [queue, setQueue] = useState<QueueStatus>();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const events = useStationEvents();

  useEffect(() => {
    let cancelled = false;
    const refresh = () =>
      void invoke('queue.status', {}).then((r) => {
        if (cancelled) return;
        if (r.ok) setQueue(r.value);
        else setError(errorText(r.error));
      });
    refresh();
    const stopState = events.subscribe('sync.state', refresh);
    const stopProgress = events.subscribe('progress', (p) => {
      if (p.operation !== 'sync') return;
      setProgress(p.done < p.total ? p : undefined);
      if (p.done >= p.total) refresh();
    });
    return () => {
      cancelled = true;
      stopState();
      stopProgress();
    };
  }, [invoke, events]);

  const counts = queue?.counts;
  return (
    <>
      <h1>File d’attente des dossiers</h1>
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {queue && !queue.enrolled && (
        <Alert
          className="fr-mb-2w"
          severity="warning"
          small
          description="Ce poste n’est pas enrôlé auprès du système central."
        />
      )}
      {sync && (
        <p role="status" data-testid="sync-state">
          <Badge severity={sync.online ? 'success' : 'warning'}>
            {sync.online ? 'En ligne' : 'Hors ligne'}
          </Badge>
          {syncDetailText(sync) && <span className="fr-ml-1w">{syncDetailText(sync)}</span>}
        </p>
      )}
      {counts && (
        <ul className="recueil-counts fr-raw-list fr-mb-3w" data-testid="queue-counts">
          <li data-count="queued">
            <strong>{counts.queued}</strong> en attente
          </li>
          <li data-count="uploading">
            <strong>{counts.uploading}</strong> en cours
          </li>
          <li data-count="acknowledged">
            <strong>{counts.acknowledged}</strong> transmis
          </li>
          <li data-count="parked">
            <strong>{counts.parked}</strong> écartés
          </li>
        </ul>
      )}
      {progress && (
        <div className="fr-mb-2w">
          <label htmlFor="upload-progress" className="fr-label">
            {progress.label}
          </label>
          <progress id="upload-progress" max={progress.total} value={progress.done} />
        </div>
      )}
      <Button
        className="fr-mb-3w"
        disabled={!queue?.enrolled}
        onClick={async () => {
          const result = await invoke('sync.now', {});
          setError(result.ok ? undefined : errorText(result.error));
        }}
      >
        Synchroniser maintenant
      </Button>
      {queue && queue.items.length > 0 ? (
        <DataTable
          caption="Dossiers récents"
          headers={['Dossier', 'Type', 'Reçu le', 'État', 'Tentatives', 'Dernière erreur']}
          className="fr-table--sm"
        >
          {queue.items.map((item) => (
            <tr key={item.id} data-dossier-state={item.state}>
              <td className="recueil-hex">{item.id.slice(0, 13)}…</td>
              <td>{kindLabel[item.kind]}</td>
              <td>{new Date(item.enqueuedAt).toLocaleString('fr-FR')}</td>
              <td>
                <Badge small severity={stateLabel[item.state].severity}>
                  {stateLabel[item.state].text}
                </Badge>
              </td>
              <td>{item.attempts}</td>
              <td>{item.parkCause ?? item.lastError ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        queue && <p>Aucun dossier dans la file.</p>
      )}
    </>
  );
}

/**
 * "Suivi des demandes": the town hall's dossiers with the status each has reached (at the central
 * system once its messages said so, else in the station's queue), searchable by dossier number
 * and filtered by status and age (follow-up.ts); the open complement requests the central sent;
 * the queue's counts, the progress of the current upload and "Synchroniser maintenant". Only ids,
 * dates and statuses are shown: never a dossier's content.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useEffect, useState } from 'react';
import type { Progress, QueueStatus } from '../../../../main/contract';
import { useCommand, useStationEvents, useSyncState } from '../../bridge/context';
import { DataTable } from '../../ui/DataTable';
import { errorText, syncDetailText } from '../../ui/error-text';
import {
  type Age,
  ages,
  type FollowUpFilter,
  filterDossiers,
  followUpLabels,
  followUpStatus,
  followUpStatuses,
} from './follow-up';

const kindLabel = { application: 'Demande de titre', certification: 'Certification' } as const;
const partLabel = { portrait: 'Photo', fingerprints: 'Empreintes', signature: 'Signature' } as const;
const day = (iso: string) => new Date(iso).toLocaleDateString('fr-FR');

/** One filter of the list: a DSFR select over fixed values. */
function FilterSelect<T extends string>(props: {
  label: string;
  value: T;
  options: { value: T; text: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <Select
      label={props.label}
      nativeSelectProps={{ value: props.value, onChange: (e) => props.onChange(e.target.value as T) }}
    >
      {props.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </Select>
  );
}

export function QueuePage() {
  const invoke = useCommand();
  const sync = useSyncState();
  const [queue, setQueue] = useState<QueueStatus>();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState<FollowUpFilter>({ search: '', status: '', age: 'all' });
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
  const shown = queue ? filterDossiers(queue.items, filter, Date.now()) : [];
  const requests = queue?.requests ?? [];
  return (
    <>
      <h1>Suivi des demandes</h1>
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
      {requests.length > 0 && (
        <DataTable
          caption="Recueils complémentaires demandés par le système central"
          headers={['Dossier', 'Élément à recueillir', 'Motif', 'À faire avant le']}
          className="fr-table--sm fr-mb-3w"
          testId="complement-requests"
        >
          {requests.map((r) => (
            <tr key={r.request} data-request={r.request}>
              <td className="recueil-hex">{r.dossier}</td>
              <td>{partLabel[r.part]}</td>
              <td>{r.reason}</td>
              <td>{day(r.deadline)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <Input
            label="Numéro de dossier"
            hintText="Tout ou partie du numéro"
            nativeInputProps={{
              type: 'search',
              value: filter.search,
              onChange: (e) => setFilter({ ...filter, search: e.target.value }),
            }}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <FilterSelect
            label="Statut"
            value={filter.status}
            options={[
              { value: '', text: 'Tous' },
              ...followUpStatuses.map((s) => ({ value: s, text: followUpLabels[s].text })),
            ]}
            onChange={(status) => setFilter({ ...filter, status })}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <FilterSelect
            label="Ancienneté"
            value={filter.age}
            options={(Object.keys(ages) as Age[]).map((a) => ({ value: a, text: ages[a].text }))}
            onChange={(age) => setFilter({ ...filter, age })}
          />
        </div>
      </div>
      {queue && shown.length > 0 ? (
        <DataTable
          caption={`Dossiers de la mairie (${shown.length} sur ${queue.items.length})`}
          headers={['Dossier', 'Type', 'Recueilli le', 'Statut', 'Depuis le', 'Dernière erreur']}
          className="fr-table--sm"
          testId="follow-up"
          scrollRegionLabel="Dossiers de la mairie"
        >
          {shown.map((item) => {
            const status = followUpLabels[followUpStatus(item)];
            return (
              <tr
                key={item.id}
                data-dossier-state={item.state}
                data-central-status={item.centralStatus ?? ''}
              >
                <td className="recueil-hex">{item.id}</td>
                <td>{kindLabel[item.kind]}</td>
                <td>{day(item.enqueuedAt)}</td>
                <td>
                  <Badge small severity={status.severity}>
                    {status.text}
                  </Badge>
                </td>
                <td>{item.centralStatusAt ? day(item.centralStatusAt) : '—'}</td>
                <td>{item.parkCause ?? item.lastError ?? '—'}</td>
              </tr>
            );
          })}
        </DataTable>
      ) : (
        queue && (
          <p>{queue.items.length ? 'Aucun dossier ne correspond à la recherche.' : 'Aucun dossier.'}</p>
        )
      )}
    </>
  );
}

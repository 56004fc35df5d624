/**
 * Technician diagnostics: the station's health checks (clock against the central system,
 * certificates of the station and of the agent cards, disk and its trend, sync backlog, restarts,
 * firmware), each with its status, what was measured and the remedy, run again on demand. The
 * checks are decided by the station core (`diagnostics.health`); this only shows them.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useCallback, useEffect, useState } from 'react';
import type { HealthCheck, HealthCheckId, HealthStatus } from '../../../../main/contract';
import { useCommand } from '../../bridge/context';
import { DataTable } from '../../ui/DataTable';
import { errorText } from '../../ui/error-text';

const checkLabel: Record<HealthCheckId, string> = {
  'clock-drift': 'Horloge du poste',
  'station-certificate': 'Certificat du poste',
  'agent-card-certificates': 'Certificats des cartes agent',
  'disk-free': 'Espace disque libre',
  'disk-trend': 'Tendance de l’espace disque',
  'sync-backlog': 'Dossiers en attente d’envoi',
  'host-restarts': 'Redémarrages',
  'device-firmware': 'Micrologiciels des périphériques',
};

const statusBadge: Record<HealthStatus, { severity: 'success' | 'warning' | 'error'; label: string }> = {
  ok: { severity: 'success', label: 'Correct' },
  warn: { severity: 'warning', label: 'À surveiller' },
  fail: { severity: 'error', label: 'En échec' },
};

export function HealthChecks() {
  const invoke = useCommand();
  const [checks, setChecks] = useState<HealthCheck[]>();
  const [error, setError] = useState<string>();
  const [running, setRunning] = useState(false);
  const run = useCallback(async () => {
    setRunning(true);
    const result = await invoke('diagnostics.health', {});
    setRunning(false);
    if (result.ok) {
      setChecks(result.value);
      setError(undefined);
    } else setError(errorText(result.error));
  }, [invoke]);
  useEffect(() => {
    void run();
  }, [run]);

  const failing = checks?.filter((c) => c.status !== 'ok').length ?? 0;
  return (
    <section aria-labelledby="diag-sante" className="fr-mb-4w">
      <h2 id="diag-sante" className="fr-h4">
        Contrôles de santé
      </h2>
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      {!checks && !error && <p>Contrôles en cours…</p>}
      {checks && (
        <p aria-live="polite" data-testid="health-summary">
          {failing === 0
            ? 'Tous les contrôles sont corrects.'
            : `${failing} contrôle${failing > 1 ? 's' : ''} à traiter sur ${checks.length}.`}
        </p>
      )}
      {checks && (
        <DataTable
          caption="Contrôles de santé du poste"
          headers={['Contrôle', 'État', 'Constat', 'Que faire']}
          className="fr-table--sm fr-table--multiline"
          testId="health-checks"
          scrollRegionLabel="Tableau des contrôles de santé"
        >
          {checks.map((check) => (
            <tr key={check.id} data-check={check.id} data-status={check.status}>
              <td>{checkLabel[check.id]}</td>
              <td>
                <Badge severity={statusBadge[check.status].severity} small>
                  {statusBadge[check.status].label}
                </Badge>
              </td>
              <td>{check.message}</td>
              <td>{check.remedy}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Button priority="secondary" size="small" disabled={running} onClick={() => void run()}>
        Relancer les contrôles
      </Button>
    </section>
  );
}

/** Banners shown while the core connection or a host process is down: the station stays usable. */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import type { HostStatus } from '../../../main/contract';
import { hostLabel, hostStateLabel } from './labels';

export function HostAlerts({ hosts, connected }: { hosts: HostStatus[] | undefined; connected: boolean }) {
  const down = (hosts ?? []).filter((h) => h.state !== 'running');
  return (
    <div role="status" aria-live="polite">
      {!connected && (
        <Alert
          className="fr-mb-2w"
          severity="warning"
          small
          description="Connexion au cœur du poste perdue : reconnexion en cours…"
        />
      )}
      {connected &&
        down.map((h) => (
          <Alert
            key={h.host}
            className="fr-mb-2w"
            severity="warning"
            small
            description={`${hostLabel[h.host]} : ${hostStateLabel[h.state].toLowerCase()}. Le poste le relance automatiquement.`}
          />
        ))}
    </div>
  );
}

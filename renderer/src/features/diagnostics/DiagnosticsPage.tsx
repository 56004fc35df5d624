/**
 * Technician diagnostics: the health checks with their remedies; devices with protocol detail and (on a simulated bench) plug/unplug/fault
 * controls for training and demos; host processes with their restarts and a restart action; the
 * central's signed configuration in force; the recent incidents with their technical detail.
 */
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { DeviceStatus } from '../../../../main/contract';
import { useCommand, useDevices, useHosts } from '../../bridge/context';
import { DeviceStatusTable } from '../../ui/DeviceStatusTable';
import { errorText } from '../../ui/error-text';
import { hostLabel, hostStateLabel } from '../../ui/labels';
import { CameraTest } from '../camera/CameraTest';
import { ConfigurationPanel } from './ConfigurationPanel';
import { DevicePanel } from './DevicePanel';
import { HealthChecks } from './HealthChecks';
import { IncidentList } from './IncidentList';

export function DiagnosticsPage() {
  const devices = useDevices();
  const hosts = useHosts();
  const invoke = useCommand();
  const [error, setError] = useState<string | undefined>();

  const simulate = async (device: DeviceStatus, action: 'plug' | 'unplug' | 'fault') => {
    const result = await invoke('devices.simulate', { deviceId: device.id, action });
    setError(result.ok ? undefined : errorText(result.error));
  };

  const actions = (device: DeviceStatus) =>
    device.simulated ? (
      <div className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        {device.connection === 'connected' ? (
          <>
            <Button priority="secondary" size="small" onClick={() => simulate(device, 'unplug')}>
              Débrancher <span className="fr-sr-only">{device.model}</span>
            </Button>
            <Button priority="tertiary" size="small" onClick={() => simulate(device, 'fault')}>
              Simuler un défaut <span className="fr-sr-only">{device.model}</span>
            </Button>
          </>
        ) : (
          <Button priority="secondary" size="small" onClick={() => simulate(device, 'plug')}>
            Rebrancher <span className="fr-sr-only">{device.model}</span>
          </Button>
        )}
      </div>
    ) : null;

  return (
    <>
      <h1>Diagnostic</h1>
      {error && <Alert className="fr-mb-2w" severity="error" small description={error} />}
      <HealthChecks />
      <section aria-labelledby="diag-peripheriques" className="fr-mb-4w">
        <h2 id="diag-peripheriques" className="fr-h4">
          Périphériques
        </h2>
        <DeviceStatusTable devices={devices} caption="Périphériques du poste" actions={actions} showDetail />
        {devices
          ?.filter((d) => d.kind !== 'camera')
          .map((d) => (
            <DevicePanel key={d.id} device={d} />
          ))}
      </section>
      <CameraTest />
      <section aria-labelledby="diag-processus" className="fr-mb-4w">
        <h2 id="diag-processus" className="fr-h4">
          Processus du poste
        </h2>
        {hosts ? (
          <ul className="fr-raw-list">
            {hosts.map((h) => (
              <li key={h.host} className="fr-mb-1w" data-host={h.host} data-state={h.state}>
                <strong>{hostLabel[h.host]}</strong> : {hostStateLabel[h.state]}
                {h.restarts > 0 && ` (${h.restarts} redémarrage${h.restarts > 1 ? 's' : ''})`}{' '}
                <Button
                  priority="tertiary"
                  size="small"
                  onClick={async () => {
                    const result = await invoke('hosts.restart', { host: h.host });
                    setError(result.ok ? undefined : errorText(result.error));
                  }}
                >
                  Redémarrer <span className="fr-sr-only">{hostLabel[h.host]}</span>
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p>Lecture de l’état des processus…</p>
        )}
      </section>
      <ConfigurationPanel />
      <IncidentList />
    </>
  );
}

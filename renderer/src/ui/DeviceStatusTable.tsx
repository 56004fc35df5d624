/** Table of devices and their live connection state; optional per-row actions (diagnostics). */
import type { ReactNode } from 'react';
import type { DeviceStatus } from '../../../main/contract';
import { ConnectionBadge } from './ConnectionBadge';
import { deviceKindLabel } from './labels';

export interface DeviceStatusTableProps {
  devices: DeviceStatus[] | undefined;
  caption: string;
  actions?: (device: DeviceStatus) => ReactNode;
  showDetail?: boolean;
}

export function DeviceStatusTable({ devices, caption, actions, showDetail }: DeviceStatusTableProps) {
  if (!devices) return <p>Chargement de l’état des périphériques…</p>;
  if (devices.length === 0) return <p>Aucun périphérique configuré sur ce poste.</p>;
  const sorted = [...devices].sort((a, b) => a.kind.localeCompare(b.kind));
  return (
    <div className="fr-table fr-table--no-caption fr-mb-2w">
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">Fonction</th>
                  <th scope="col">Périphérique</th>
                  <th scope="col">État</th>
                  {showDetail && <th scope="col">Détail</th>}
                  {actions && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {sorted.map((device) => (
                  <tr key={device.id} data-device-id={device.id} data-connection={device.connection}>
                    <td>{deviceKindLabel[device.kind]}</td>
                    <td>
                      {device.model}
                      {device.simulated && <span className="fr-hint-text">simulé</span>}
                    </td>
                    <td aria-live="polite">
                      <ConnectionBadge connection={device.connection} />
                    </td>
                    {showDetail && <td>{device.detail ?? '—'}</td>}
                    {actions && <td>{actions(device)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/** Table of devices and their live connection state; optional per-row actions (diagnostics). */
import type { ReactNode } from 'react';
import type { DeviceStatus } from '../../../main/contract';
import { ConnectionBadge } from './ConnectionBadge';
import { DataTable } from './DataTable';
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
  const headers = [
    'Fonction',
    'Périphérique',
    'État',
    ...(showDetail ? ['Détail'] : []),
    ...(actions ? ['Actions'] : []),
  ];
  return (
    <DataTable caption={caption} headers={headers} className="fr-table--no-caption fr-mb-2w">
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
    </DataTable>
  );
}

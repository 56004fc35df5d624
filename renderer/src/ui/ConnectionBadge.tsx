/** A DSFR badge for a device's connection state. */
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { DeviceConnection } from '../../../main/contract';
import { connectionLabel } from './labels';

const severity = { connected: 'success', disconnected: 'error', error: 'warning' } as const;

export function ConnectionBadge({ connection }: { connection: DeviceConnection }) {
  return (
    <Badge severity={severity[connection]} small>
      {connectionLabel[connection]}
    </Badge>
  );
}

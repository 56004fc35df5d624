/**
 * What each agent role may do at the station. Agents capture applications; certifying agents also
 * certify identities; technicians see diagnostics and configuration but never personal data (no
 * dossier, image or identity field: `personal-data.view` is the gate the UI and services check).
 */
import type { AgentRole } from '../../drivers/devices/agent-card/roles';

export const sessionActions = [
  /** Start, continue or resume an application (identity fields, portrait, fingerprints, signature). */
  'application.capture',
  /** Override a quality criterion, with a reason code (audited). */
  'application.override',
  'application.submit',
  /** France Identité certification: scan, chip read, live capture, match. */
  'identity.certify',
  /** See dossiers in progress, images and identity fields. */
  'personal-data.view',
  /** The station's state: devices, sync state, enrollment (no personal data). */
  'station.status',
  /** Queue status: counts and states, no content. */
  'queue.view',
  /** "Synchroniser maintenant": ends the sync backoff wait. */
  'queue.sync',
  /** Host supervision details (pids, restarts, last exits). */
  'diagnostics.view',
  /** Device self-tests and test captures in the diagnostics screen (nothing is kept). */
  'devices.test',
  /** Device maintenance: reset, protocol trace, plugging or unplugging a simulated device. */
  'devices.maintain',
  /** Restart a host process (audited). */
  'hosts.restart',
  'config.view',
  'config.change',
  'audit.verify',
] as const;
export type SessionAction = (typeof sessionActions)[number];

const agent: SessionAction[] = [
  'station.status',
  'application.capture',
  'application.override',
  'application.submit',
  'personal-data.view',
  'queue.view',
  'queue.sync',
];

export const permissions: Record<AgentRole, ReadonlySet<SessionAction>> = {
  agent: new Set(agent),
  'agent-certificateur': new Set<SessionAction>([...agent, 'identity.certify']),
  technicien: new Set<SessionAction>([
    'station.status',
    'queue.view',
    'queue.sync',
    'diagnostics.view',
    'devices.test',
    'devices.maintain',
    'hosts.restart',
    'config.view',
    'config.change',
    'audit.verify',
  ]),
};

export function can(role: AgentRole, action: SessionAction): boolean {
  return permissions[role].has(action);
}

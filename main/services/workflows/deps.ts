/**
 * What the counter workflows (session, application capture, certification) get from the station
 * core: configuration, logger, event bus, audit log, the two hosts, and the session gate that
 * every capture step asks first ("no capture without a session").
 */
import { StationError, unwrap } from '../../../common/errors';
import type { AgentRole } from '../../../drivers/devices/agent-card/roles';
import type { StationInfo } from '../../contract/model';
import type { HostSupervisor } from '../../hosts/supervisor';
import type { SessionAction } from '../agent-session-permissions';
import type { AuditLog } from '../audit';
import type { StationConfig } from '../config';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';

export interface SessionGate {
  /**
   * The open session's agent, if its role allows `action`; throws StationError('SESSION_REQUIRED')
   * without an open session, StationError('FORBIDDEN') when the role does not allow the action.
   */
  require(action: SessionAction): { agentId: string; role: AgentRole };
  /** Marks agent activity (resets the idle timer). */
  touch(): void;
}

export interface WorkflowDeps {
  config: StationConfig;
  logger: Logger;
  bus: EventBus;
  audit: AuditLog;
  info: StationInfo;
  device: HostSupervisor<'device'>;
  sync: HostSupervisor<'sync'>;
  session: SessionGate;
  /** Throws StationError('NOT_ENROLLED', why) when the station may not capture (not enrolled, revoked, expired). */
  requireEnrolled(): Promise<void>;
  /**
   * The signed configuration's rules for a new application (signed-configuration.ts): throws
   * StationError('STATION_FROZEN') past the freeze limit, 'FORBIDDEN' for a title type it does not allow.
   */
  admitApplication(titleType: 'passport' | 'id-card'): void;
}

/**
 * The enrollment check every capture asks before it starts: the sync host's answer, refused with
 * `NOT_ENROLLED` and its French reason (not enrolled, revoked, certificate expired or unreadable).
 */
export function enrollmentGate(sync: Pick<HostSupervisor<'sync'>, 'call'>): () => Promise<void> {
  return async () => {
    const status = await unwrap(sync.call('enrollment', {}));
    if (!status.enrolled)
      throw new StationError(
        'NOT_ENROLLED',
        status.reason ??
          'Poste non enrôlé : aucune demande ne peut être recueillie. Faites enrôler le poste (recueil enroll).',
      );
  };
}

/**
 * The agent session service: wires the session state machine (agent-session.ts) to the agent card
 * of the device host (card-port.ts), publishes `session.state` on every change, serves the
 * `session.*` commands, and gives capture steps the gate they ask first ("no capture without a
 * session"). Card presence reaches it as device-host events, handled one at a time; after a
 * device-host restart the card is looked at again, and the session survives only if the same agent
 * card is still in the reader (on a simulated bench, the simulated card stays in its reader).
 */

import type { SimulatedAgentCardName } from '../../../common/domain';
import { StationError } from '../../../common/errors';
import { roleLabels } from '../../../drivers/devices/agent-card/roles';
import type { AgentCardPresence } from '../../../drivers/host/protocol';
import type { HostStatus } from '../../contract/model';
import type { PinAttempt, SessionView, sessionCommands } from '../../contract/session';
import type { CommandHandlers } from '../../ipc/registry';
import { AgentSession, type SessionClock, SessionError, type SessionState } from '../agent-session';
import type { AuditLog } from '../audit';
import type { StationConfig } from '../config';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { SessionGate, WorkflowDeps } from '../workflows/deps';
import { deviceHostCardPort, type SessionDeviceHost } from './card-port';
import { sessionView } from './view';

export interface SessionService {
  handlers: Pick<CommandHandlers, keyof typeof sessionCommands>;
  gate: SessionGate;
  close(): Promise<void>;
}

/** The device host as the session service uses it: card calls, card events, host restarts. */
export interface SessionHostLink extends SessionDeviceHost {
  on(event: 'event', listener: (event: string, payload: unknown) => void): unknown;
  on(event: 'status', listener: (status: HostStatus) => void): unknown;
}

export interface SessionServiceDeps {
  config: Pick<StationConfig, 'session' | 'devices'>;
  logger: Pick<Logger, 'error' | 'warn'>;
  bus: Pick<EventBus, 'publish'>;
  audit: Pick<AuditLog, 'append'>;
  device: SessionHostLink;
  clock?: SessionClock;
  idleWarningSeconds?: number;
  /** Called with each agent card certificate read (the health checks note its expiry). */
  onAgentCard?: (card: { agentId: string; role: string; notAfter: Date }) => void;
}

const messages = {
  noSession: 'Aucune session ouverte : insérez votre carte agent et saisissez votre code PIN.',
  locked: 'Session verrouillée : saisissez votre code PIN pour la déverrouiller.',
  forbidden: (role: string) =>
    `Votre rôle (${role}) ne permet pas cette action : demandez à un agent habilité d’ouvrir sa session.`,
  auditUnavailable:
    'Le journal d’audit est indisponible : la session ne peut pas s’ouvrir. Prévenez votre technicien.',
  notAwaitingPin: 'Aucune carte n’attend de code PIN : insérez votre carte agent.',
  notLocked: 'La session n’est pas verrouillée.',
} as const;

const agentHeld = (s: SessionState): s is Extract<SessionState, { agentId: string; role: unknown }> =>
  s.name === 'open' || s.name === 'idle-warning' || s.name === 'locked';

export function createSessionService(
  deps: Omit<WorkflowDeps, 'session' | 'requireEnrolled' | 'admitApplication'>,
  options: Pick<SessionServiceDeps, 'onAgentCard'> = {},
): SessionService {
  return createSessionServiceWith({ ...deps, ...options });
}

export function createSessionServiceWith(deps: SessionServiceDeps): SessionService {
  const { config, logger, bus, device } = deps;
  const simulated = config.devices.mode === 'simulated';
  const session = new AgentSession({
    audit: deps.audit,
    idleLockMinutes: config.session.idleLockMinutes,
    ...(deps.idleWarningSeconds !== undefined ? { idleWarningSeconds: deps.idleWarningSeconds } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    onAuditError: (error) => logger.error({ err: error }, 'session audit append failed'),
  });
  const cardPort = deviceHostCardPort(device);
  const onAgentCard = deps.onAgentCard;
  const port: typeof cardPort = onAgentCard
    ? {
        ...cardPort,
        async readIdentity() {
          const identity = await cardPort.readIdentity();
          onAgentCard(identity);
          return identity;
        },
      }
    : cardPort;
  const view = (): SessionView =>
    sessionView(session.current, {
      idleLockMinutes: config.session.idleLockMinutes,
      simulated,
      agentName: session.holderName,
    });
  session.onChange(() => bus.publish('session.state', view()));

  /** Card events are handled one at a time, in order; `handledSeq` drops stale repeats. */
  let queue: Promise<void> = Promise.resolve();
  let handledSeq = -1;
  /** The simulated card last inserted from the UI (it stays in its reader across host restarts). */
  let simulatedCard: SimulatedAgentCardName = 'remove';

  const enqueue = (task: () => Promise<void>): Promise<void> => {
    queue = queue
      .then(task)
      .catch((error: unknown) => logger.warn({ err: error }, 'agent card event failed'));
    return queue;
  };

  const handlePresence = async (p: AgentCardPresence): Promise<void> => {
    if (p.seq <= handledSeq) return;
    handledSeq = p.seq;
    if (!p.present) {
      session.cardRemoved();
      return;
    }
    const s = session.current;
    if (agentHeld(s)) {
      // Seen again after a device-host restart: the same card keeps its session.
      const identity = await port.readIdentity().catch(() => undefined);
      if (identity?.agentId === s.agentId) return;
    }
    await session.cardInserted(port);
  };
  const presence = (p: AgentCardPresence): Promise<void> => enqueue(() => handlePresence(p));

  const resync = (): Promise<void> =>
    enqueue(async () => {
      handledSeq = -1;
      let status = await device.call('agentCardStatus', {});
      if (status.ok && !status.value.present && simulated && simulatedCard !== 'remove')
        status = await device.call('agentCardSimulate', { card: simulatedCard });
      if (status.ok) await handlePresence(status.value);
      else session.cardRemoved();
    });

  device.on('event', (event, payload) => {
    if (event === 'agentCard.presence') void presence(payload as AgentCardPresence);
  });
  device.on('status', (status) => {
    if (status.state === 'running') void resync();
  });

  const attempt = async (allowed: SessionState['name'][], pin: string): Promise<PinAttempt> => {
    await queue;
    if (!allowed.includes(session.current.name)) {
      const message = session.current.name === 'locked' ? messages.locked : messages.notAwaitingPin;
      return { ok: false, reason: 'no-card', message, session: view() };
    }
    try {
      const outcome = await session.submitPin(pin);
      if (outcome.ok) return { ok: true, session: view() };
      return {
        ok: false,
        reason: outcome.reason,
        message: outcome.message,
        ...(outcome.triesLeft !== undefined ? { triesLeft: outcome.triesLeft } : {}),
        session: view(),
      };
    } catch (error) {
      if (error instanceof StationError) throw error;
      const isDevice = error instanceof Error && 'prompt' in error && typeof error.prompt === 'string';
      if (isDevice) return { ok: false, reason: 'no-card', message: String(error.prompt), session: view() };
      logger.error({ err: error }, 'session could not open');
      throw new StationError('INTERNAL', messages.auditUnavailable);
    }
  };

  const gate: SessionGate = {
    require(action) {
      try {
        return session.require(action);
      } catch (error) {
        if (!(error instanceof SessionError)) throw error;
        const s = session.current;
        if (error.code === 'FORBIDDEN' && agentHeld(s))
          throw new StationError('FORBIDDEN', messages.forbidden(roleLabels[s.role]), {
            role: s.role,
            action,
          });
        throw new StationError(
          'SESSION_REQUIRED',
          s.name === 'locked' ? messages.locked : messages.noSession,
          {
            state: s.name,
            action,
          },
        );
      }
    },
    touch: () => session.activity(),
  };

  return {
    gate,
    handlers: {
      'session.status': async () => {
        await queue;
        return view();
      },
      'session.signIn': ({ pin }) => attempt(['awaiting-pin', 'locked'], pin),
      'session.unlock': ({ pin }) => attempt(['locked'], pin),
      'session.lock': () => {
        session.lock('manual');
        return view();
      },
      'session.signOut': async () => {
        const wasHeld = agentHeld(session.current);
        session.signOut();
        if (simulated) {
          simulatedCard = 'remove';
          const removed = await device.call('agentCardSimulate', { card: 'remove' });
          if (removed.ok) await presence(removed.value);
        } else if (wasHeld) {
          // The card is still in the reader: its PIN is asked again.
          await enqueue(async () => {
            await session.cardInserted(port);
          });
        }
        return view();
      },
      'session.activity': () => {
        session.activity();
        return view();
      },
      'session.simulateCard': async ({ card }) => {
        if (!simulated)
          throw new StationError('FORBIDDEN', 'La simulation est désactivée sur ce poste (matériel réel).');
        simulatedCard = card;
        const result = await device.call('agentCardSimulate', { card }, 10000);
        if (!result.ok) throw new StationError(result.error.code, result.error.message, result.error.details);
        await presence(result.value);
        return view();
      },
    },
    async close() {
      await queue;
      session.dispose();
      await session.settled();
    },
  };
}

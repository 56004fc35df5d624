/**
 * Composition root of the station core. It starts the same way under Electron and plain Node:
 * the caller injects the host launcher (utilityProcess or child_process) and the mode; this module
 * wires the hosts, services and command handlers, and emits the named milestones tests await.
 */

import { join } from 'node:path';
import type { Progress, SyncState } from '../../common/domain';
import { StationError, unwrap } from '../../common/errors';
import type { ConfigurationOutcome } from '../../sync/configuration';
import type { CounterResolved } from '../../sync/host/protocol';
import { isEventName } from '../contract/api';
import type { HostStatus, Milestone, StationInfo } from '../contract/model';
import type { HostLauncher } from '../hosts/launcher';
import type { HostKind } from '../hosts/protocols';
import { HostSupervisor } from '../hosts/supervisor';
import { type AuthorizedAgent, type CommandHandlers, createDispatcher, type Dispatch } from '../ipc/registry';
import { type AuditEvent, auditDir, openAuditLog } from './audit';
import { auditConfigChanges } from './audit/config-changes';
import { type AvailabilityService, type DiskProbe, startAvailability } from './availability/service';
import { certificationHandlers } from './certification/handlers';
import { clockFor, type StationClock } from './clock';
import { commandAccess } from './command-access';
import type { StationConfig } from './config';
import { counterLookupHandlers } from './counter/lookups';
import { counterHandlers } from './counter/scan-service';
import { CounterChecks } from './counter/session-checks';
import { DeviceInventory } from './device-inventory';
import { EventBus } from './event-bus';
import { noteAgentCard } from './health/agent-cards';
import { createHealthService } from './health/service';
import { auditInboxOnChange } from './inbox-journal';
import { IncidentLog } from './incidents';
import type { Logger } from './logger';
import { createSessionService } from './session/service';
import { applicationGate, configurationView, recordConfigurationOutcome } from './signed-configuration';
import { applicationHandlers } from './workflows/application';
import { enrollmentGate, type WorkflowDeps } from './workflows/deps';

export interface StationOptions {
  config: StationConfig;
  logger: Logger;
  launcher: HostLauncher;
  mode: StationInfo['mode'];
  version: string;
  /** The station's clock (default: the configuration's, i.e. the system clock in production). */
  clock?: StationClock;
  /** Free-disk probe of the availability ledger (simulated benches inject a low disk). */
  diskProbe?: DiskProbe;
}

export interface Station {
  readonly bus: EventBus;
  readonly dispatch: Dispatch;
  readonly milestones: ReadonlySet<Milestone>;
  readonly hosts: { device: HostSupervisor<'device'>; sync: HostSupervisor<'sync'> };
  /** The availability ledger's recorder and day reports (undefined until devices are ready). */
  readonly availability: AvailabilityService | undefined;
  /** The station's clock (the system clock in production). */
  readonly clock: StationClock;
  /** Main's view of the devices (simulated benches plug and unplug them: main/services/sim). */
  readonly inventory: DeviceInventory;
  /** The sync engine's last state as main saw it. */
  syncState(): SyncState;
  /** Marks a milestone reached (also used by transports, e.g. `ui-ready`). */
  milestone(name: Milestone): void;
  stop(): Promise<void>;
}

/** The audit actor of a command the registry authorised (its agent), else the station itself. */
function actorOf(agent: AuthorizedAgent | undefined): AuditEvent['actor'] {
  return (agent?.agentId ?? 'station') as AuditEvent['actor'];
}

export async function startStation(options: StationOptions): Promise<Station> {
  const { config, logger, launcher } = options;
  const bus = new EventBus();
  const milestones = new Set<Milestone>();
  const milestone = (name: Milestone) => {
    if (milestones.has(name)) return;
    milestones.add(name);
    logger.info({ milestone: name }, 'milestone');
    bus.publish('milestone', { name });
  };

  const supervisorOptions = { launcher, logger };
  const device = new HostSupervisor('device', supervisorOptions);
  const sync = new HostSupervisor('sync', supervisorOptions);
  for (const supervisor of [device, sync] as const) {
    supervisor.on('status', (status: HostStatus) => bus.publish('host.status', status));
  }
  const incidents = new IncidentLog(logger);
  let syncState: SyncState = { state: 'offline', online: false, queued: 0 };
  // A sync startup problem is an incident, reported once: the screens get its code, French message
  // and incident id; its technical detail stays in the log and the diagnostics' incident list.
  let reportedProblem: { key: string; payload: NonNullable<SyncState['problem']> } | undefined;
  const screenSyncState = (state: SyncState): SyncState => {
    if (!state.problem) return state;
    const key = JSON.stringify(state.problem);
    if (reportedProblem?.key !== key)
      reportedProblem = { key, payload: incidents.report('sync.startup', state.problem) };
    return { ...state, problem: reportedProblem.payload };
  };
  sync.on('event', (event, payload) => {
    if (event === 'sync.state') {
      syncState = screenSyncState(payload as SyncState);
      bus.publish('sync.state', syncState);
    } else if (event === 'progress') {
      bus.publish('progress', payload as Progress);
    }
  });
  // Workflow events of the device host (live signature points, card events...) reach the UI as
  // they are; device statuses go through the inventory.
  device.on('event', (event, payload) => {
    if (event === 'device.status' || !isEventName(event)) return;
    try {
      bus.publish(event, payload as never);
    } catch (error) {
      logger.warn({ err: error, event }, 'device host event refused by the contract');
    }
  });
  const inventory = new DeviceInventory(device, bus);
  const audit = await openAuditLog(auditDir(config.dataDir));
  const { source: _source, ...settings } = config;
  await auditConfigChanges(audit, settings, join(config.dataDir, 'config-snapshot.json')).catch(
    (error: unknown) => logger.error({ err: error }, 'configuration change audit failed'),
  );
  auditInboxOnChange(sync, audit, logger);
  // The signed configuration documents the sync host applied, refused or could not apply.
  sync.on('event', (event, payload) => {
    if (event !== 'configuration.outcome') return;
    void recordConfigurationOutcome(payload as ConfigurationOutcome, audit, logger).catch((error: unknown) =>
      logger.error({ err: error }, 'audit append failed'),
    );
  });
  bus.on('device.status', (status) => {
    if (status.connection !== 'error') return;
    const errorCode = status.lastError?.code;
    void audit
      .append({
        actor: 'station',
        action: 'device.fault',
        outcome: 'failure',
        objects: { device: status.kind },
        ...(errorCode && /^[A-Z][A-Z0-9_]{1,63}$/.test(errorCode) ? { details: { errorCode } } : {}),
      })
      .catch((error: unknown) => logger.error({ err: error }, 'audit append failed'));
  });

  const info: StationInfo = {
    stationId: config.station.id,
    townHall: config.station.townHall,
    version: options.version,
    mode: options.mode,
    simulatedDevices: config.devices.mode === 'simulated',
  };
  const supervisors = { device, sync };
  const baseDeps = { config, logger, bus, audit, info, device, sync };
  const session = createSessionService(baseDeps, {
    onAgentCard: (card) =>
      void noteAgentCard(config.dataDir, card).catch((error: unknown) =>
        logger.warn({ err: error }, 'agent card not noted for the health checks'),
      ),
  });
  const clock = options.clock ?? clockFor(config);
  const health = createHealthService({ config, clock, logger, device, sync, inventory });
  const enrollment = () => unwrap(sync.call('enrollment', {}));
  const deps: WorkflowDeps = {
    ...baseDeps,
    session: session.gate,
    requireEnrolled: enrollmentGate(sync),
    admitApplication: applicationGate(config),
  };

  // The identity step's counter checks, until the application starts with them; deferred lookups
  // answered after a sync pass reach the draft waiting on them.
  const checks = new CounterChecks();
  sync.on('event', (event, payload) => {
    if (event === 'counter.resolved') checks.resolve(payload as CounterResolved);
  });

  const handlers: CommandHandlers = {
    ...session.handlers,
    ...applicationHandlers(deps, { checks }),
    ...certificationHandlers(deps),
    ...counterHandlers(deps, { checks }),
    ...counterLookupHandlers(deps, checks),
    'station.info': () => info,
    'station.enrollment': () => enrollment(),
    'station.configuration': () => configurationView(config),
    'station.health': () => ({ hosts: [device.current, sync.current], milestones: [...milestones] }),
    'devices.list': () => inventory.list(),
    'devices.simulate': ({ deviceId, action }) => {
      if (config.devices.mode !== 'simulated') {
        throw new StationError('FORBIDDEN', 'La simulation est désactivée sur ce poste (matériel réel).');
      }
      return inventory.simulate(deviceId, action);
    },
    'devices.selfTest': ({ deviceId }) => unwrap(device.call('selfTest', { deviceId }, 20000)),
    'devices.reset': ({ deviceId }) => unwrap(device.call('reset', { deviceId }, 20000)),
    'devices.testCapture': ({ deviceId }) => unwrap(device.call('testCapture', { deviceId }, 60000)),
    'devices.trace': ({ deviceId, enabled }) => unwrap(device.call('trace', { deviceId, enabled })),
    'hosts.list': () => [device.current, sync.current],
    'diagnostics.incidents': () => incidents.list(),
    'diagnostics.health': () => health.run(),
    'hosts.restart': async ({ host }, context) => {
      await audit.append({
        actor: actorOf(context?.agent),
        action: 'host.restart',
        outcome: 'success',
        objects: { host },
      });
      supervisors[host].restart();
      return supervisors[host].current;
    },
    'portrait.analyze': (request) =>
      unwrap(device.call('portraitAnalyze', request, request.mode === 'final' ? 20000 : 5000)),
    'portrait.override': async ({ reason, failedCriteria }, context) => {
      await audit.append({
        actor: actorOf(context?.agent),
        action: 'capture.override',
        outcome: 'success',
        details: { step: 'portrait', reason, count: failedCriteria.length },
      });
      logger.info(
        { event: 'portrait-override', reason, failedCriteria },
        'portrait accepted by the agent despite failed criteria',
      );
      return { recorded: true };
    },
    'queue.status': () => unwrap(sync.call('queue', {})),
    'sync.now': async () => screenSyncState(await unwrap(sync.call('syncNow', {}))),
    'sync.status': async () => {
      const result = await sync.call('status', {});
      return result.ok ? screenSyncState(result.value) : syncState;
    },
  };
  const dispatch = createDispatcher(
    handlers,
    { access: commandAccess, authorize: (action) => session.gate.require(action) },
    logger,
    incidents,
  );
  milestone('core-ready');

  // A host not ready in time does not stop the station: it runs on with the host's banner, and the
  // supervisor keeps restarting the host (the inventory refreshes when it comes up).
  const startHost = (supervisor: HostSupervisor<HostKind>) =>
    supervisor.start().catch((error: unknown) => {
      logger.error({ err: error, host: supervisor.host }, 'host not ready at startup; running on without it');
    });
  await Promise.all([startHost(device), startHost(sync)]);
  milestone('hosts-ready');
  health.refresh();
  await inventory.refresh().catch((error: unknown) => {
    logger.warn({ err: error }, 'device inventory unavailable at startup');
  });
  milestone('devices-ready');
  const availability = await startAvailability({
    config,
    clock,
    clockOffsetMs: () => health.clockOffsetMs(),
    logger,
    device,
    sync,
    inventory,
    syncState: () => syncState,
    ...(options.diskProbe ? { diskProbe: options.diskProbe } : {}),
  }).catch((error: unknown) => {
    logger.error({ err: error }, 'availability recorder not started');
    return undefined;
  });

  return {
    bus,
    availability,
    clock,
    inventory,
    syncState: () => syncState,
    dispatch,
    milestones,
    hosts: supervisors,
    milestone,
    async stop() {
      milestone('shutdown');
      await availability?.stop();
      health.stop();
      await session.close();
      await Promise.all([device.stop(), sync.stop()]);
      await audit.close();
    },
  };
}

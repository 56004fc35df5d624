/**
 * The station's typed API: every command (request -> response) and every event, with its schema.
 * `window.station` (Electron preload or browser-mode bridge) exposes exactly this; the main side
 * serves it through the handler registry. Adding a command = adding one entry here.
 */
import { z } from 'zod';
import {
  DeviceStatus,
  DeviceTrace,
  EnrollmentView,
  HealthCheck,
  PortraitAnalysis,
  PortraitAnalysisRequest,
  Progress,
  QueueStatus,
  SelfTestReport,
  SyncState,
  TestCaptureReport,
} from '../../common/domain';
import type { Result } from '../../common/errors';
import { applicationCommands, applicationEvents, PortraitOverrideReason } from './application';
import { certificationCommands, certificationEvents } from './certification';
import { counterCommands, counterEvents } from './counter';
import { HostName, HostStatus, Incident, Milestone, SignedConfigurationView, StationInfo } from './model';
import { sessionCommands, sessionEvents } from './session';

const Empty = z.object({}).strict();

export const commands = {
  'station.info': { request: Empty, response: StationInfo },
  'station.health': {
    request: Empty,
    response: z.object({ hosts: z.array(HostStatus), milestones: z.array(Milestone) }),
  },
  /** Enrollment with the central system (no capture without it) and certificate renewal warnings. */
  'station.enrollment': { request: Empty, response: EnrollmentView },
  /** The central's signed configuration in force and the freeze rule's state (docs/configuration.md). */
  'station.configuration': { request: Empty, response: SignedConfigurationView },
  'devices.list': { request: Empty, response: z.array(DeviceStatus) },
  /** Demo and training: plug or unplug a simulated device. Refused for real hardware. */
  'devices.simulate': {
    request: z.object({ deviceId: z.string().min(1), action: z.enum(['plug', 'unplug', 'fault']) }).strict(),
    response: DeviceStatus,
  },
  'devices.selfTest': {
    request: z.object({ deviceId: z.string().min(1) }).strict(),
    response: SelfTestReport,
  },
  'devices.reset': { request: z.object({ deviceId: z.string().min(1) }).strict(), response: DeviceStatus },
  /** A test capture for the technician: strokes, an image or a card answer, never kept. */
  'devices.testCapture': {
    request: z.object({ deviceId: z.string().min(1) }).strict(),
    response: TestCaptureReport,
  },
  /** Protocol trace on/off (bytes in/out, personal data masked) and its recent entries. */
  'devices.trace': {
    request: z.object({ deviceId: z.string().min(1), enabled: z.boolean().optional() }).strict(),
    response: DeviceTrace,
  },
  /** ICAO portrait check of a camera frame (live guidance, or the final verdict of a still). */
  'portrait.analyze': { request: PortraitAnalysisRequest, response: PortraitAnalysis },
  /**
   * The agent accepts a portrait despite failed criteria: the reason code and the number of failed
   * criteria go to the audit chain (no image, no free text).
   */
  'portrait.override': {
    request: z
      .object({
        reason: PortraitOverrideReason,
        failedCriteria: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).max(40),
      })
      .strict(),
    response: z.object({ recorded: z.boolean() }),
  },
  'hosts.list': { request: Empty, response: z.array(HostStatus) },
  /** Technician: the last failed commands, newest first, with the technical detail the agent never sees. */
  'diagnostics.incidents': { request: Empty, response: z.array(Incident) },
  /** Technician: the health checks with their remedies (common/domain/health.ts, docs/health.md). */
  'diagnostics.health': { request: Empty, response: z.array(HealthCheck) },
  'hosts.restart': { request: z.object({ host: HostName }).strict(), response: HostStatus },
  'sync.status': { request: Empty, response: SyncState },
  /** The outbox: counts and recent dossiers (ids, states, last errors; never content). */
  'queue.status': { request: Empty, response: QueueStatus },
  /** "Synchroniser maintenant": ends any backoff wait; progress arrives as events. */
  'sync.now': { request: Empty, response: SyncState },
  ...sessionCommands,
  ...applicationCommands,
  ...certificationCommands,
  ...counterCommands,
} as const;

export const events = {
  'device.status': DeviceStatus,
  'host.status': HostStatus,
  'sync.state': SyncState,
  progress: Progress,
  milestone: z.object({ name: Milestone }),
  ...sessionEvents,
  ...applicationEvents,
  ...certificationEvents,
  ...counterEvents,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandRequest<C extends CommandName> = z.input<Commands[C]['request']>;
/** The request as a handler receives it, after validation and defaults. */
export type CommandParams<C extends CommandName> = z.output<Commands[C]['request']>;
export type CommandResponse<C extends CommandName> = z.output<Commands[C]['response']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/**
 * A request checked against its command's schema: the request as a handler receives it, or the
 * `INVALID_REQUEST` envelope the station answers (with each issue's path), wherever it is served.
 */
export function parseCommandRequest<C extends CommandName>(
  command: C,
  payload: unknown,
): Result<CommandParams<C>> {
  const request = commands[command].request.safeParse(payload ?? {});
  if (request.success) return { ok: true, value: request.data as CommandParams<C> };
  return {
    ok: false,
    error: {
      code: 'INVALID_REQUEST',
      message: 'Requête invalide : vérifiez la saisie et recommencez.',
      details: {
        issues: request.error.issues.map((i) => `${i.path.join('.') || '(racine)'}: ${i.message}`),
      },
    },
  };
}

/** What the renderer sees as `window.station`, whatever the transport. */
export interface StationApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<Result<CommandResponse<C>>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * The station itself and its processes as main and the renderer see them: identity, mode, host
 * supervision status, startup milestones, the incidents of failed commands.
 */
import { z } from 'zod';
import { ErrorCode } from '../../common/errors';

export const HostName = z.enum(['device', 'sync']);
export type HostName = z.infer<typeof HostName>;

export const HostRunState = z.enum(['starting', 'running', 'restarting', 'failed', 'stopped']);
export type HostRunState = z.infer<typeof HostRunState>;

export const HostStatus = z.object({
  host: HostName,
  state: HostRunState,
  pid: z.number().int().optional(),
  restarts: z.number().int().min(0),
  lastExit: z
    .object({ code: z.number().int().nullable(), signal: z.string().nullable(), at: z.string() })
    .optional(),
});
export type HostStatus = z.infer<typeof HostStatus>;

export const StationMode = z.enum(['electron', 'browser']);
export type StationMode = z.infer<typeof StationMode>;

export const StationInfo = z.object({
  stationId: z.string(),
  townHall: z.object({ name: z.string(), inseeCode: z.string() }),
  version: z.string(),
  mode: StationMode,
  simulatedDevices: z.boolean(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export const Milestone = z.enum(['core-ready', 'hosts-ready', 'devices-ready', 'ui-ready', 'shutdown']);
export type Milestone = z.infer<typeof Milestone>;

/** A failed command as the diagnostics screen lists it (the log holds the same fields). */
export const Incident = z.object({
  incident: z.string(),
  /** What the agent was shown, e.g. `E-QUEUE-REFUSED-7F3A2C1B`. */
  reference: z.string(),
  code: ErrorCode,
  command: z.string(),
  /** The French message the agent was shown. */
  message: z.string(),
  /** Technical detail for the technician (error name, system code, message); never personal data. */
  technical: z.string().optional(),
  at: z.string(),
});
export type Incident = z.infer<typeof Incident>;

/**
 * The central's signed configuration in force (diagnostics): its version (0: built-in), when it was
 * issued and applied, the version before it, and the freeze rule's state.
 */
export const SignedConfigurationView = z.object({
  version: z.number().int().min(0),
  source: z.enum(['central', 'built-in']),
  issuedAt: z.string().optional(),
  appliedAt: z.string().optional(),
  previousVersion: z.number().int().min(0).optional(),
  freezeDays: z.number().int().min(1),
  /** The last successful sync (or the first start of a station that never synced). */
  lastSyncAt: z.string().optional(),
  lastSyncKind: z.enum(['sync', 'first-start']).optional(),
  frozen: z.boolean(),
});
export type SignedConfigurationView = z.infer<typeof SignedConfigurationView>;

/**
 * The station itself and its processes as main and the renderer see them: identity, mode, host
 * supervision status, startup milestones.
 */
import { z } from 'zod';

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

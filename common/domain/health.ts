/**
 * Health checks with remedies (issue 21), as every layer names them: the stable check ids and one
 * check's result (`recueil health --json` prints a list of them, the diagnostics screen shows them,
 * `recueil diagnose --bundle` writes them as health.json). Message and remedy are French: they are
 * written for the technician. The checks themselves live in main/services/health.
 */
import { z } from 'zod';

/** The checks, in the order they are shown. Ids are a contract: kebab-case, never renamed. */
export const HEALTH_CHECK_IDS = [
  'clock-drift',
  'station-certificate',
  'agent-card-certificates',
  'disk-free',
  'disk-trend',
  'sync-backlog',
  'host-restarts',
  'device-firmware',
] as const;
export const HealthCheckId = z.enum(HEALTH_CHECK_IDS);
export type HealthCheckId = z.infer<typeof HealthCheckId>;

export const HealthStatus = z.enum(['ok', 'warn', 'fail']);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const HealthCheck = z.object({
  id: HealthCheckId,
  status: HealthStatus,
  /** What was measured and what it means (French). */
  message: z.string().min(1),
  /** What to do about it (French); for an ok check, what keeps it so. */
  remedy: z.string().min(1),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/**
 * The thresholds of the health checks, in one place: from the station configuration today
 * (`availability` and `health` sections), from the central system's signed configuration when it
 * carries them (pass a document in force as `overrides`, e.g. its `firmwareMinimums`: they win over
 * the file's; the built-in document of version 0 is not one). The built-in firmware minimums are
 * the documented default (docs/health.md).
 */
import type { FirmwareMinimum } from '../../../common/domain';
import type { StationConfig } from '../config';

export interface HealthPolicy {
  /** Beyond this the clock is warned about; beyond ten times this it fails. */
  clockDriftLimitMs: number;
  certificateWarnDays: number;
  /** An unsent dossier older than this fails (the freeze rule's limit). */
  freezeDays: number;
  backlogWarnHours: number;
  diskTrendWarnDays: number;
  /** Projected to reach the reserve within this many days: fail. */
  diskTrendFailDays: number;
  /** Crashes or restarts over the window from which the check fails (one is a warning). */
  restartFailCount: number;
  /** Minimum firmware per device kind (and model). */
  firmwareMinimums: readonly FirmwareMinimum[];
}

/**
 * Built-in minimum firmware versions: the signature pad's and the SBI fingerprint service's first
 * supported versions (the simulators report the same, so a simulated bench is at the level).
 */
export const DEFAULT_FIRMWARE_MINIMUMS: readonly FirmwareMinimum[] = [
  { kind: 'signature', minVersion: '1.0' },
  { kind: 'fingerprint', model: 'Lecteur d’empreintes (SBI)', minVersion: '1.0.0' },
];

export const CLOCK_FAIL_FACTOR = 10;
export const DISK_TREND_FAIL_DAYS = 7;
export const RESTART_FAIL_COUNT = 5;

export function healthPolicy(config: StationConfig, overrides: Partial<HealthPolicy> = {}): HealthPolicy {
  const { availability, health } = config;
  return {
    clockDriftLimitMs: availability.clockDriftLimitSeconds * 1000,
    certificateWarnDays: availability.certificateWarnDays,
    freezeDays: availability.freezeDays,
    backlogWarnHours: health.backlogWarnHours,
    diskTrendWarnDays: health.diskTrendWarnDays,
    diskTrendFailDays: Math.min(DISK_TREND_FAIL_DAYS, health.diskTrendWarnDays),
    restartFailCount: RESTART_FAIL_COUNT,
    firmwareMinimums: health.firmwareMinimums ?? DEFAULT_FIRMWARE_MINIMUMS,
    ...overrides,
  };
}

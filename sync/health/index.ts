/** Public surface of the sync side of the health checks (the sync host, the CLI and tests use only this). */
export { type ClockMeasurement, type ClockProbeOptions, measureClock } from './clock-probe';
export {
  DISK_SAMPLES_FILE,
  type DiskSample,
  diskSampler,
  parseDiskSamples,
  readDiskSamples,
  recordDiskSample,
  withSample,
} from './disk-samples';
export {
  gatherSyncHealthFacts,
  ledgerRestarts,
  RESTART_WINDOW_DAYS,
  SyncHealthFacts,
  type SyncHealthSources,
} from './facts';

/**
 * The reference central title system's programmatic surface, for its own CLI (central/cli), the
 * tests and the benches that run it in-process. The station never imports it: the station's CLI runs
 * the central as its own program (main/cli/central-program.ts), and the sync host starts the embedded
 * demonstration central from its entry (sync/host/embedded-central.ts).
 */
export {
  DEMO_STATION_ID,
  DemoExistsError,
  type ProvisionedDemo,
  type ProvisionOptions,
  provisionDemo,
} from './demo/provision';
export { type IssuedCode, issueEnrollmentCode, revokeStation } from './enroll/service';
export {
  type CentralConfig,
  type CentralConfigInput,
  countCentralDossiers,
  type FaultInjector,
  loadCentralConfig,
  type RunningCentral,
  type StartOptions,
  startCentralServer,
} from './server';
export { CentralConfigError, parseCentralConfig } from './server/config';
export { CentralStore, type StoredDossier } from './store';
export { CENTRAL_MIGRATIONS } from './store/migrations';

/**
 * What the CLI and the hosts call (each wrapped in a few lines by main/cli):
 *   recueil demo init --dir DIR         provisionDemo(dir)
 *   recueil central serve --config F    startCentralServer(F) -> { url, close() }
 *   recueil central count --config F    countCentralDossiers(F)
 *   recueil sim enqueue --config F ...  enqueueSynthetic(F, count, sizeMb)
 *   recueil sync now --config F         runSyncNow(F) -> { sent, parked, remaining, cause? }
 *   recueil queue status --config F     queueStatus(F)
 */

export { resolveSyncPaths, SyncSettings } from './config/settings';
export { enqueueSynthetic } from './demo/enqueue';
export {
  DemoExistsError,
  type ProvisionedDemo,
  type ProvisionOptions,
  provisionDemo,
} from './demo/provision';
export { syntheticDossier } from './demo/synthetic-dossier';
export { createSyncEngine, type SyncEngine, type SyncResult } from './engine';
export { countCentralDossiers, type RunningCentral, startCentralServer } from './server';
export { queueStatus, runSyncNow, type SyncNowOptions } from './station/commands';
export { openStation, type StationContext } from './station/context';
export { submitDossier } from './station/submit';

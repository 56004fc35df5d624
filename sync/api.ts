/**
 * What the CLI and the hosts call (each wrapped in a few lines by main/cli):
 *   recueil sim enqueue --config F ...  enqueueSynthetic(F, count, sizeMb)
 *   recueil sync now --config F         runSyncNow(F) -> { sent, parked, remaining, cause? }
 *   recueil queue status --config F     queueStatus(F)
 */

export { resolveSyncPaths, SyncSettings } from './config/settings';
export { enqueueSynthetic } from './demo/enqueue';
export { syntheticDossier } from './demo/synthetic-dossier';
export { createSyncEngine, type SyncEngine, type SyncResult } from './engine';
export { queueStatus, runSyncNow, type SyncNowOptions } from './sender/commands';
export { openStation, type StationContext } from './sender/context';
export { type InboxPull, type InboxView, inboxView, pullInbox } from './sender/inbox';
export { submitDossier } from './sender/submit';

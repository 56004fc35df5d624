/** Public surface of the sync engine (sync host, CLI). */
export { backoffDelay } from './backoff';
export {
  createSyncEngine,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncProgress,
  type SyncResult,
} from './engine';
export { describeState } from './states';

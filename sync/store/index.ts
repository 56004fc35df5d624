/** Public surface of the outbox store (the sync engine, CLI and host use only this). */
export type { FileOps } from './atomic-file';
export { type OutboxBacklog, readOutboxBacklog } from './backlog';
export { DEFAULT_MIN_FREE_BYTES, DiskSpaceError, type FreeSpaceProbe, statfsProbe } from './disk-space';
export type { CentralStatusView, ComplementRequestView, Inbox, InboxJournalEntry } from './inbox';
export {
  BlobIntegrityError,
  DEFAULT_RETENTION_MS,
  DuplicateDossierError,
  Outbox,
  type OutboxOptions,
  type QueueCounts,
  UnknownDossierError,
} from './outbox';
export type { ReceiptSubject, ReceiptVerifier } from './receipt-verifier';
export type { RecoveryReport } from './recovery';
export type { OutboxEntry } from './rows';
export { NotSealedError } from './sealed-input';
export { IllegalTransitionError, OUTBOX_STATES, type OutboxState } from './states';
export { SYNCER_LOCK_FILE, SyncerBusyError, type SyncerLock } from './syncer-lock';

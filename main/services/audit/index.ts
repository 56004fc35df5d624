/**
 * The station's audit log: append-only, hash-chained JSON lines without personal data.
 * See log.ts (writing), verify.ts (checking), schema.ts (what may be recorded).
 */
export { auditDir, formatVerifyReport, runAuditVerifyCommand } from './cli';
export { listAuditFiles } from './files';
export { auditInboxJournal, type InboxJournal } from './inbox';
export {
  AuditEventRejected,
  type AuditLog,
  type AuditLogOptions,
  openAuditLog,
  validateAuditEvent,
} from './log';
export { type AuditAction, type AuditEvent, type AuditRecord, auditActions, genesisHash } from './schema';
export { type ChainBreak, type VerifyOptions, type VerifyReport, verifyAuditLog } from './verify';

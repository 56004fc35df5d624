/** Public surface of the availability ledger's store (the sync host, the CLI and benches use only this). */
export {
  AvailabilityLedger,
  LEDGER_FILE,
  type LedgerEvent,
  type LedgerEventKind,
  type RecordResult,
} from './ledger';
export { LEDGER_MIGRATIONS } from './migrations';

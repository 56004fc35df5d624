/** The signed configuration on the station: in force and previous (in-force.ts), its pull at sync (pull.ts), the freeze rule (last-sync.ts). */
export {
  type AppliedConfiguration,
  applyConfiguration,
  type ConfigurationInForce,
  ConfigurationOutcome,
  type ConfigurationState,
  configurationInForce,
  describeOutcome,
  RefusalReason,
  readConfigurationState,
  rollbackConfiguration,
  taxStampRatesInForce,
  versionInForce,
} from './in-force';
export {
  type FreezeState,
  freezeState,
  type LastSync,
  lastSuccessfulSync,
  recordSuccessfulSync,
  startFreezeCount,
} from './last-sync';
export { configurationPull, type Pull, type PullLink } from './pull';

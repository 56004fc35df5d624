/** Public surface of the reference central server's store (used only by central/server). */
export { CentralStore, type StoredDossier } from './central-store';
export {
  ConfigurationVersions,
  type PublishedConfiguration,
  VersionNotNewer,
} from './configuration-versions';
export { DailySummaries, type SummaryProblem } from './daily-summaries';

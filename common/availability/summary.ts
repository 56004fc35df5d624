/**
 * The daily summary of a station (common/domain/daily-summary.ts) from its day report and the day's
 * counts: what a station sends at the end of an opening day, without personal data.
 */
import type { AvailabilityReport } from '../domain/availability';
import { DAILY_SUMMARY_SCHEMA_VERSION, DailySummary } from '../domain/daily-summary';

export interface SummaryInput {
  stationId: string;
  report: AvailabilityReport;
  applications: number;
  certifications: number;
  stepDurations?: DailySummary['stepDurations'];
  configVersion?: number | null;
  stationCertificateExpiresAt?: string | null;
}

export function dailySummary(input: SummaryInput): DailySummary {
  const { report } = input;
  const { ready, degraded, down } = report.minutes;
  return DailySummary.parse({
    schemaVersion: DAILY_SUMMARY_SCHEMA_VERSION,
    stationId: input.stationId,
    date: report.date,
    openingMinutes: ready + degraded + down,
    minutes: report.minutes,
    causes: report.causes,
    availability: report.availability,
    applications: input.applications,
    certifications: input.certifications,
    stepDurations: input.stepDurations ?? [],
    configVersion: input.configVersion ?? null,
    stationCertificateExpiresAt: input.stationCertificateExpiresAt ?? null,
  });
}

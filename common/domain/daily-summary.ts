/**
 * The daily summary of a station (issue 21): what one opening day was, without any personal data —
 * minutes per availability state and their causes (the day report), applications and certifications
 * captured, capture durations per step, the configuration version in force and when the station
 * certificate expires. The station builds it at the end of the day; the central system keeps the
 * summaries it receives and computes the fleet report from them (central/fleet).
 */
import { z } from 'zod';
import { AvailabilityReport } from './availability';

export const DAILY_SUMMARY_SCHEMA_VERSION = 1;

const Count = z.number().int().min(0).max(1_000_000);

export const DailySummary = z
  .object({
    schemaVersion: z.literal(DAILY_SUMMARY_SCHEMA_VERSION),
    stationId: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/),
    date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
    /** Opening minutes counted that day (ready + degraded + down). */
    openingMinutes: Count,
    minutes: AvailabilityReport.shape.minutes,
    causes: AvailabilityReport.shape.causes.max(256),
    availability: z.number().min(0).max(1),
    applications: Count,
    certifications: Count,
    /** Mean capture time per step of the day's completed captures. */
    stepDurations: z
      .array(
        z
          .object({
            step: z.string().min(1).max(64),
            captures: Count,
            meanSeconds: z.number().min(0).max(86_400),
          })
          .strict(),
      )
      .max(64),
    /** The signed configuration version in force (null: none received yet). */
    configVersion: z.number().int().min(0).nullable(),
    stationCertificateExpiresAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict()
  .refine((s) => s.minutes.ready + s.minutes.degraded + s.minutes.down === s.openingMinutes, {
    error: 'minutes ready + degraded + down must equal openingMinutes',
    path: ['openingMinutes'],
  });
export type DailySummary = z.infer<typeof DailySummary>;

/**
 * The signed configuration (configuration document): the settings and master data the central
 * title system pushes to every station, as versioned documents it signs (sync/crypto/configuration.ts,
 * `typ` recueil-config+jwt). This module owns the document's schema and what the station uses when
 * no document is in force yet (the built-in values). docs/configuration.md describes the format.
 *
 * - `version`: a whole number, strictly increasing from one publication to the next; a station
 *   refuses a version lower than or equal to the one in force (downgrade).
 * - `thresholds` and `openingHours` (optional): when present they replace station.json's own.
 * - `reasons`: the application reason codes the counter offers, with their French labels.
 * - `titleTypes`: the title types the station may take applications for.
 * - `taxStampRates`: the tax-stamp amounts (title-fees.ts).
 * - `freezeDays`: days without a successful sync after which new captures are refused.
 * - `firmwareMinimums`: the lowest firmware version accepted per device kind (and model).
 */
import { z } from 'zod';
import { OpeningHours } from '../availability/calendar';
import { DeviceKind } from './devices';
import { Thresholds } from './thresholds';
import { FeeReason, FeeTitle, TITLE_FEE_RATES, TitleFeeRates } from './title-fees';

const FirmwareVersion = z.string().regex(/^\d{1,6}(\.\d{1,6}){0,3}$/, {
  error: 'expected a version of 1 to 4 numbers separated by dots (e.g. "2.1.0")',
});

export const FirmwareMinimum = z.strictObject({
  kind: DeviceKind,
  /** Only devices of this model (as the device reports it); absent = every model of the kind. */
  model: z.string().min(1).max(64).optional(),
  minVersion: FirmwareVersion,
});
export type FirmwareMinimum = z.infer<typeof FirmwareMinimum>;

const Reason = z.strictObject({
  code: FeeReason,
  label: z.string().min(1, { error: 'expected a French label' }).max(80),
});

function unique<T>(key: (item: T) => string, what: string) {
  return (items: readonly T[], ctx: z.RefinementCtx<readonly T[]>) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index], message: `${what} "${k}" given twice` });
      seen.add(k);
    });
  };
}

const fields = {
  version: z
    .number({ error: 'expected a whole version number (1, 2, 3...)' })
    .int({ error: 'expected a whole version number (1, 2, 3...)' })
    .min(1, { error: 'expected a version number of 1 or more' })
    .max(2 ** 31 - 1),
  issuedAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }),
  thresholds: Thresholds.optional(),
  openingHours: OpeningHours.optional(),
  reasons: z
    .array(Reason)
    .min(1, { error: 'expected at least one reason' })
    .superRefine(unique((r: z.infer<typeof Reason>) => r.code, 'reason')),
  titleTypes: z
    .array(FeeTitle)
    .min(1, { error: 'expected at least one title type' })
    .superRefine(unique((t: FeeTitle) => t, 'title type')),
  taxStampRates: TitleFeeRates,
  freezeDays: z
    .number({ error: 'expected a whole number of days (1-365)' })
    .int({ error: 'expected a whole number of days (1-365)' })
    .min(1)
    .max(365),
  firmwareMinimums: z.array(FirmwareMinimum).max(64).default([]),
};

/** The claims of a signed configuration, as the station verifies them. */
export const ConfigDocument = z.strictObject(fields);
export type ConfigDocument = z.output<typeof ConfigDocument>;

/** What `recueil central config push --file` reads: the same, `issuedAt` filled at publication when absent. */
export const ConfigDocumentFile = z.strictObject({ ...fields, issuedAt: fields.issuedAt.optional() });
export type ConfigDocumentFile = z.input<typeof ConfigDocumentFile>;

/** The reasons and their labels when no document is in force. */
export const BUILT_IN_REASONS: ConfigDocument['reasons'] = [
  { code: 'first', label: 'Première demande' },
  { code: 'renewal', label: 'Renouvellement' },
  { code: 'loss', label: 'Perte' },
  { code: 'theft', label: 'Vol' },
  { code: 'change', label: 'Changement d’état civil ou d’adresse' },
];

/**
 * What the station applies when no document is in force: version 0 (any published version is
 * newer), the built-in rates, reasons and title types, no firmware minimum, and the freeze limit
 * of station.json.
 */
export function builtInConfiguration(freezeDays: number): ConfigDocument {
  return {
    version: 0,
    issuedAt: '1970-01-01T00:00:00.000Z',
    reasons: BUILT_IN_REASONS,
    titleTypes: [...FeeTitle.options],
    taxStampRates: TITLE_FEE_RATES,
    freezeDays,
    firmwareMinimums: [],
  };
}

/** "2.10.1" > "2.9": numeric, part by part, a missing part counting as 0. */
export function compareFirmware(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

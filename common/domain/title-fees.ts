/**
 * What a title costs in tax stamps, by title type, reason and the applicant's age: the one place
 * of the rates' shape and of the built-in rates (those in force in 2026), which apply until the
 * central system's signed configuration (config-document.ts, `taxStampRates`) brings its own.
 * Passport: 86 € for an adult, 42 € from 15 to 17, 17 € under 15, the same whatever the reason.
 * Identity card: free, except 25 € when the previous card was lost or stolen (not presented).
 */
import { z } from 'zod';

export const FeeTitle = z.enum(['passport', 'id-card']);
export type FeeTitle = z.infer<typeof FeeTitle>;
export const FeeReason = z.enum(['first', 'renewal', 'loss', 'theft', 'change']);
export type FeeReason = z.infer<typeof FeeReason>;

const Cents = z
  .number({ error: 'expected an amount in cents (a whole number, e.g. 8600 for 86 €)' })
  .int({ error: 'expected an amount in cents (a whole number, e.g. 8600 for 86 €)' })
  .min(0)
  .max(1_000_000);

export const TitleFeeRates = z.strictObject({
  passportAdultCents: Cents,
  passportMinor15to17Cents: Cents,
  passportMinorUnder15Cents: Cents,
  idCardLossOrTheftCents: Cents,
});
export type TitleFeeRates = z.infer<typeof TitleFeeRates>;

export const TITLE_FEE_RATES: TitleFeeRates = {
  passportAdultCents: 8600,
  passportMinor15to17Cents: 4200,
  passportMinorUnder15Cents: 1700,
  idCardLossOrTheftCents: 2500,
};

/** The stamp amount the title needs, in cents; 0 means free (no stamp). */
export function expectedStampCents(
  title: FeeTitle,
  reason: FeeReason,
  ageYears: number,
  rates: TitleFeeRates = TITLE_FEE_RATES,
): number {
  if (title === 'id-card') return reason === 'loss' || reason === 'theft' ? rates.idCardLossOrTheftCents : 0;
  if (ageYears >= 18) return rates.passportAdultCents;
  return ageYears >= 15 ? rates.passportMinor15to17Cents : rates.passportMinorUnder15Cents;
}

/** "86,00 €" */
export function formatEuros(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;
}

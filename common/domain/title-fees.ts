/**
 * What a title costs in tax stamps, by title type, reason and the applicant's age: the one place
 * the rates live (issue #21's signed configuration is to carry them; until then these are the
 * rates in force in 2026). Passport: 86 € for an adult, 42 € from 15 to 17, 17 € under 15, the
 * same whatever the reason. Identity card: free, except 25 € when the previous card was lost or
 * stolen (not presented).
 */

export type FeeTitle = 'passport' | 'id-card';
export type FeeReason = 'first' | 'renewal' | 'loss' | 'theft' | 'change';

export interface TitleFeeRates {
  passportAdultCents: number;
  passportMinor15to17Cents: number;
  passportMinorUnder15Cents: number;
  idCardLossOrTheftCents: number;
}

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

/**
 * Why a title is asked for (first title, renewal, loss, theft, change of civil status or address):
 * the pre-application carries it, the tax stamp's amount depends on it (title-fees.ts), the
 * identity step asks it. One name and one French label each.
 */
import { z } from 'zod';

export const ApplicationReason = z.enum(['first', 'renewal', 'loss', 'theft', 'change']);
export type ApplicationReason = z.infer<typeof ApplicationReason>;

export const applicationReasonLabels: Record<ApplicationReason, string> = {
  first: 'Première demande',
  renewal: 'Renouvellement (titre expiré ou bientôt)',
  loss: 'Perte',
  theft: 'Vol',
  change: 'Changement d’état civil ou d’adresse',
};

/**
 * Why a title is asked for (first title, renewal, loss, theft, change of civil status or address):
 * the pre-application carries it, the tax stamp's amount depends on it (title-fees.ts), the
 * identity step asks it (its French labels: renderer/src/ui/labels.ts).
 */
import { z } from 'zod';

export const ApplicationReason = z.enum(['first', 'renewal', 'loss', 'theft', 'change']);
export type ApplicationReason = z.infer<typeof ApplicationReason>;

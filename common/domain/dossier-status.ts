/**
 * A dossier's life at the central title system after the counter: its status, the transitions the
 * instruction centre may make, the reason codes of a rejection, and the parts a complementary
 * capture (recueil complémentaire) may ask for. The reference central records them; stations learn
 * them through signed central messages (sync/protocol/central-messages.ts).
 */
import { z } from 'zod';

export const DossierStatus = z.enum([
  'received',
  'instruction',
  'complement_requested',
  'complement_received',
  'title_produced',
  'title_available',
  'handed_over',
  'rejected',
]);
export type DossierStatus = z.infer<typeof DossierStatus>;

/** The statuses each status may move to (handed over and rejected are final). */
export const dossierTransitions: Readonly<Record<DossierStatus, readonly DossierStatus[]>> = {
  received: ['instruction', 'rejected'],
  instruction: ['complement_requested', 'title_produced', 'rejected'],
  complement_requested: ['complement_received', 'rejected'],
  complement_received: ['instruction', 'complement_requested', 'title_produced', 'rejected'],
  title_produced: ['title_available'],
  title_available: ['handed_over'],
  handed_over: [],
  rejected: [],
};

export function canMoveDossier(from: DossierStatus, to: DossierStatus): boolean {
  return dossierTransitions[from].includes(to);
}

/** A reason code (rejection, complement request): lower-case words joined by dashes. */
export const StatusReason = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+){0,7}$/, { error: 'expected a reason code such as photo-non-conforme' });

/** What a complementary capture may ask for. */
export const ComplementPart = z.enum(['portrait', 'fingerprints', 'signature']);
export type ComplementPart = z.infer<typeof ComplementPart>;

/** French names of the statuses, as the town hall's agents say them. */
export const dossierStatusLabels: Readonly<Record<DossierStatus, string>> = {
  received: 'Reçu',
  instruction: 'En instruction',
  complement_requested: 'Recueil complémentaire demandé',
  complement_received: 'Complément reçu',
  title_produced: 'Titre produit',
  title_available: 'Titre disponible en mairie',
  handed_over: 'Titre remis',
  rejected: 'Rejeté',
};

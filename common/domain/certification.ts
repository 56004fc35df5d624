/**
 * Identity certification (France Identité) terms shared by the device host and the station core: the
 * chip-read steps and their progress, and the demo scenarios of the simulated citizen and card.
 */
import { z } from 'zod';

export const ChipReadStep = z.enum(['pace', 'read', 'ca-ta', 'dg3', 'pa', 'done']);
export type ChipReadStep = z.infer<typeof ChipReadStep>;

export const CertificationProgress = z.object({
  step: ChipReadStep,
  label: z.string(),
  fraction: z.number().min(0).max(1),
});
export type CertificationProgress = z.infer<typeof CertificationProgress>;

/** Demo and training: what the simulated citizen and card do next (refused on real hardware). */
export const CertificationScenario = z.enum([
  /** The holder of the card presents their own fingers (default). */
  'genuine-holder',
  /** Someone else presents their fingers: no match. */
  'impostor',
  /** The card on the reader is a forgery (its signature does not chain to a trusted authority). */
  'forged-card',
  /** The card is taken off the reader during the next read. */
  'remove-card-during-read',
  /** The card is taken off and put back (resets a suspended CAN). */
  'reinsert-card',
]);
export type CertificationScenario = z.infer<typeof CertificationScenario>;

/** French names of the fingers and of the chip read steps on the certification screens. */
import { type ChipReadStep, type FingerPosition, fingerNamesFr } from '../../../../main/contract';

/** French finger names with a capital, for headings and table cells. */
export const fingerLabel = Object.fromEntries(
  Object.entries(fingerNamesFr).map(([finger, name]) => [
    finger,
    name.charAt(0).toUpperCase() + name.slice(1),
  ]),
) as Record<FingerPosition, string>;

/** The chip read steps in the order the reader goes through them. */
export const chipSteps: { step: ChipReadStep; label: string }[] = [
  { step: 'pace', label: 'Accès à la puce avec le CAN (PACE)' },
  { step: 'read', label: 'Lecture des données de la carte' },
  { step: 'ca-ta', label: 'Authentification de la puce et du poste (CA/TA)' },
  { step: 'dg3', label: 'Lecture des empreintes enregistrées (DG3)' },
  { step: 'pa', label: 'Authentification passive (signature de l’État)' },
];

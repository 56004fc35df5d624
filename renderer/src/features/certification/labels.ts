/** French names of the fingers and of the chip read steps on the certification screens. */
import type { CertFinger, ChipReadStep } from '../../../../main/contract';

export const fingerLabel: Record<CertFinger, string> = {
  'right-thumb': 'Pouce droit',
  'right-index': 'Index droit',
  'right-middle': 'Majeur droit',
  'right-ring': 'Annulaire droit',
  'right-little': 'Auriculaire droit',
  'left-thumb': 'Pouce gauche',
  'left-index': 'Index gauche',
  'left-middle': 'Majeur gauche',
  'left-ring': 'Annulaire gauche',
  'left-little': 'Auriculaire gauche',
};

/** The chip read steps in the order the reader goes through them. */
export const chipSteps: { step: ChipReadStep; label: string }[] = [
  { step: 'pace', label: 'Accès à la puce avec le CAN (PACE)' },
  { step: 'read', label: 'Lecture des données de la carte' },
  { step: 'ca-ta', label: 'Authentification de la puce et du poste (CA/TA)' },
  { step: 'dg3', label: 'Lecture des empreintes enregistrées (DG3)' },
  { step: 'pa', label: 'Authentification passive (signature de l’État)' },
];

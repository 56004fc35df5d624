/**
 * The French messages of the certification workflow shown to the agent: what happened in plain
 * words and what to do next. No score, no personal data.
 */

import type { FingerPosition } from '../../../common/domain';
import { fingerNamesFr } from '../../../common/domain';

/** French finger names (lower case), as the agent says them. */
export const fingerLabels: Record<FingerPosition, string> = fingerNamesFr;

const tries = (n: number) => `${n} essai${n > 1 ? 's' : ''}`;

export const messages = {
  noCertification:
    'Aucune certification en cours : scannez d’abord le QR code de l’application France Identité.',
  wrongStage: 'Cette étape n’est pas disponible à ce stade de la certification.',
  fingerSettled: 'Ce doigt a déjà été comparé.',
  fingerNotOnChip: (label: string) =>
    `L’empreinte de l’${label} n’est pas enregistrée dans la puce de la carte.`,
  notGenuine:
    'Les données de la puce ne sont pas signées par une autorité de confiance, ou la puce n’a pas prouvé son authenticité : la carte est peut-être contrefaite ou endommagée. La certification est impossible avec cette carte. Appliquez la procédure de votre mairie en cas de document suspect ; si la carte semble simplement endommagée, orientez la personne vers un renouvellement de sa carte.',
  noFingerprints:
    'La puce de cette carte ne contient pas d’empreintes : la certification par empreintes est impossible. Orientez la personne vers un autre moyen de vérification.',
  qualityTooLow: (quality: number, feedback: string, left: number) =>
    `Image trop peu nette pour comparer (qualité ${quality}/100). ${feedback}${
      left > 0 ? ` Recommencez : il reste ${tries(left)}.` : ''
    }`,
  fingerMatched: 'Correspondance établie avec l’empreinte enregistrée dans la puce.',
  fingerNotMatched: (left: number) =>
    left > 0
      ? `Pas de correspondance avec l’empreinte de la puce : vérifiez qu’il s’agit du bon doigt, posé bien à plat au centre du capteur, puis recommencez (il reste ${tries(left)}).`
      : 'Pas de correspondance avec l’empreinte de la puce après le nombre d’essais autorisé.',
  fingerGaveUp: (max: number) => `Aucune image exploitable après ${tries(max)}.`,
  certified:
    'Les empreintes correspondent à celles enregistrées dans la puce de la carte : l’identité est certifiée. Validez pour transmettre le résultat.',
  refused: (max: number) =>
    `Les empreintes ne correspondent pas à celles enregistrées dans la puce de la carte (${tries(max)} par doigt) : la certification est refusée. Transmettez le résultat, puis invitez la personne à se présenter avec sa propre carte ou à contacter l’assistance France Identité.`,
};

/**
 * French UI messages for the capture feedback codes (shown to the agent and the
 * citizen at the station). Codes stay English in code; only these strings are French.
 */
import type { Feedback, FeedbackCode, MoveDirection } from './feedback';

export const FEEDBACK_MESSAGES_FR: Readonly<Record<FeedbackCode, string>> = {
  NO_FINGER: 'Posez le doigt sur le capteur',
  TOO_LITTLE_AREA: 'Posez le doigt bien à plat pour couvrir le capteur',
  OFF_CENTRE: 'Centrez le doigt',
  TOO_LIGHT_PRESSURE: 'Appuyez davantage',
  TOO_DRY: 'Doigt trop sec : humidifiez légèrement le bout du doigt',
  TOO_WET: 'Doigt trop humide : essuyez le doigt',
  LOW_CLARITY: 'Image floue : ne bougez pas le doigt pendant la prise',
  TOO_FEW_MINUTIAE: 'Reposez le doigt en le centrant, bien à plat',
};

const MOVE_FR: Readonly<Record<MoveDirection, string>> = {
  left: 'Centrez le doigt : déplacez-le vers la gauche',
  right: 'Centrez le doigt : déplacez-le vers la droite',
  up: 'Centrez le doigt : déplacez-le vers le haut',
  down: 'Centrez le doigt : déplacez-le vers le bas',
};

/** French message for one feedback item. */
export function feedbackMessageFr(feedback: Feedback): string {
  if (feedback.code === 'OFF_CENTRE' && feedback.move) return MOVE_FR[feedback.move];
  return FEEDBACK_MESSAGES_FR[feedback.code];
}

/**
 * Live guidance: one French instruction at a time, chosen from a verdict in a fixed priority order
 * (who is in the frame, then distance, then position, then head pose, then light, then stillness).
 * Directions are the APPLICANT's own left/right on a non-mirrored camera image: a face on the
 * image's left is on the applicant's right side, so they move to their left.
 */
import type { CriterionId, CriterionResult } from './criteria/ids';
import type { PortraitReport } from './report';

export type GuidanceCode =
  | 'no_face'
  | 'several_faces'
  | 'come_closer'
  | 'move_back'
  | 'move_left'
  | 'move_right'
  | 'raise_camera_eyes_low'
  | 'lower_camera_eyes_high'
  | 'straighten_head'
  | 'turn_left'
  | 'turn_right'
  | 'chin_up'
  | 'chin_down'
  | 'too_dark'
  | 'too_bright'
  | 'uneven_light'
  | 'hold_still'
  | 'plain_background'
  | 'ready';

export const GUIDANCE_MESSAGES_FR: Readonly<Record<GuidanceCode, string>> = {
  no_face: 'Placez votre visage dans le cadre',
  several_faces: 'Une seule personne dans le cadre',
  come_closer: 'Rapprochez-vous',
  move_back: 'Reculez un peu',
  move_left: 'Décalez-vous légèrement vers votre gauche',
  move_right: 'Décalez-vous légèrement vers votre droite',
  raise_camera_eyes_low: 'Placez vos yeux au niveau du repère : redressez-vous',
  lower_camera_eyes_high: 'Placez vos yeux au niveau du repère : baissez-vous légèrement',
  straighten_head: 'Redressez la tête',
  turn_left: 'Tournez légèrement la tête vers la gauche',
  turn_right: 'Tournez légèrement la tête vers la droite',
  chin_up: 'Relevez légèrement le menton',
  chin_down: 'Baissez légèrement le menton',
  too_dark: 'Trop sombre',
  too_bright: 'Trop lumineux',
  uneven_light: 'Éclairage inégal sur le visage',
  hold_still: 'Ne bougez plus',
  plain_background: 'Le fond doit être uni',
  ready: 'Parfait, ne bougez plus',
};

export interface LiveGuidance {
  readonly code: GuidanceCode;
  readonly message: string;
  /** The criterion behind the instruction (none for `ready`). */
  readonly criterion: CriterionId | null;
}

const get = (r: PortraitReport, id: CriterionId): CriterionResult | undefined =>
  r.criteria.find((c) => c.id === id);
const isNok = (c: CriterionResult | undefined): c is CriterionResult & { value: number } =>
  c?.status === 'nok' && c.value !== null;
const below = (c: CriterionResult & { value: number }) =>
  c.threshold.min !== undefined && c.value < c.threshold.min;

function say(code: GuidanceCode, criterion: CriterionId | null): LiveGuidance {
  return { code, message: GUIDANCE_MESSAGES_FR[code], criterion };
}

/** The single most important instruction for this verdict. */
export function guidance(report: PortraitReport): LiveGuidance {
  const faces = get(report, 'face_count');
  if (!report.face || (faces?.value ?? 0) < 1) return say('no_face', 'face_count');
  if (isNok(faces)) return say('several_faces', 'face_count');

  // distance: size first (IED, head size/width), then cut-off margins
  for (const id of ['head_size', 'head_width', 'inter_eye_distance'] as const) {
    const c = get(report, id);
    if (isNok(c)) return say(below(c) ? 'come_closer' : 'move_back', id);
  }
  const centring = get(report, 'centring_horizontal');
  if (isNok(centring)) return say(below(centring) ? 'move_left' : 'move_right', 'centring_horizontal');
  const vertical = get(report, 'eye_position_vertical');
  if (isNok(vertical))
    return say(below(vertical) ? 'lower_camera_eyes_high' : 'raise_camera_eyes_low', 'eye_position_vertical');
  if (isNok(get(report, 'margins'))) return say('move_back', 'margins');

  const roll = get(report, 'roll');
  if (isNok(roll)) return say('straighten_head', 'roll');
  // yaw > 0: turned towards their left -> turn back to their right
  const yaw = get(report, 'yaw');
  if (isNok(yaw)) return say(below(yaw) ? 'turn_left' : 'turn_right', 'yaw');
  const pitch = get(report, 'pitch');
  if (isNok(pitch)) return say(below(pitch) ? 'chin_down' : 'chin_up', 'pitch');

  const exposure = get(report, 'exposure');
  if (isNok(exposure)) return say(below(exposure) ? 'too_dark' : 'too_bright', 'exposure');
  if (isNok(get(report, 'dynamic_range'))) return say('too_dark', 'dynamic_range');
  if (isNok(get(report, 'illumination_symmetry'))) return say('uneven_light', 'illumination_symmetry');
  if (isNok(get(report, 'sharpness'))) return say('hold_still', 'sharpness');
  if (isNok(get(report, 'background_uniformity'))) return say('plain_background', 'background_uniformity');
  return say('ready', null);
}

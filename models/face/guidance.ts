/**
 * Live guidance: one French instruction at a time, chosen from a verdict in a fixed priority order
 * (who is in the frame, then distance, then position, then head pose, then eyes and mouth, then
 * light, then stillness).
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
  | 'open_eyes'
  | 'look_at_camera'
  | 'close_mouth'
  | 'neutral_expression'
  | 'glasses_glare'
  | 'uncover_head'
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
  open_eyes: 'Gardez les yeux bien ouverts',
  look_at_camera: 'Regardez l’objectif',
  close_mouth: 'Fermez la bouche',
  neutral_expression: 'Gardez une expression neutre, sans sourire',
  glasses_glare: 'Reflets sur les lunettes : inclinez-les légèrement ou retirez-les',
  uncover_head: 'Retirez ce qui couvre la tête',
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

  // what the landmark model sees (absent without one: not_assessed never speaks)
  const face: readonly [CriterionId, GuidanceCode][] = [
    ['eyes_open', 'open_eyes'],
    ['gaze', 'look_at_camera'],
    ['mouth_closed', 'close_mouth'],
    ['expression', 'neutral_expression'],
    ['glasses_glare', 'glasses_glare'],
    ['head_covering', 'uncover_head'],
  ];
  for (const [id, code] of face) if (isNok(get(report, id))) return say(code, id);

  const exposure = get(report, 'exposure');
  if (isNok(exposure)) return say(below(exposure) ? 'too_dark' : 'too_bright', 'exposure');
  if (isNok(get(report, 'dynamic_range'))) return say('too_dark', 'dynamic_range');
  if (isNok(get(report, 'illumination_symmetry'))) return say('uneven_light', 'illumination_symmetry');
  if (isNok(get(report, 'sharpness'))) return say('hold_still', 'sharpness');
  if (isNok(get(report, 'background_uniformity'))) return say('plain_background', 'background_uniformity');
  return say('ready', null);
}

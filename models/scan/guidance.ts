/**
 * The one French instruction shown to the agent after a scan, in a fixed priority: no face, then
 * what is wrong with the scan itself (resolution, screened print, dust, border), then what is
 * wrong with the photo (a portrait criterion: the applicant must bring another photo), then the
 * skew (corrected, but the next scan is better with the photo squared against the glass edge).
 */
import type { CriterionId, CriterionResult } from '../face/criteria/ids';
import type { ScanCriterionId, ScanCriterionResult } from './criteria';

type AnyResult = CriterionResult | ScanCriterionResult;

const SCAN_MESSAGES_FR: Readonly<Record<ScanCriterionId, string>> = {
  scan_resolution: 'résolution insuffisante : numérisez de nouveau la photo à 600 ppp',
  halftone:
    'photo imprimée en trame (imprimante de bureau ou photocopie) : demandez une photo tirée sur papier photographique',
  token_border: 'bord blanc de la photo dans le portrait : la photo est mal cadrée, demandez-en une autre',
  dust: 'poussières sur la photo ou la vitre : nettoyez la vitre et la photo, puis numérisez de nouveau',
  scan_skew: 'photo inclinée : replacez-la contre le bord de la vitre',
};

const PHOTO_DEFECT_FR: Partial<Record<CriterionId, string>> = {
  face_count: 'plusieurs visages',
  inter_eye_distance: 'visage trop petit',
  roll: 'tête inclinée',
  yaw: 'tête tournée',
  pitch: 'tête levée ou baissée',
  centring_horizontal: 'visage décentré',
  eye_position_vertical: 'yeux trop haut ou trop bas',
  head_size: 'tête trop grande ou trop petite',
  head_width: 'tête trop large ou trop étroite',
  margins: 'tête coupée',
  sharpness: 'photo floue',
  exposure: 'photo trop sombre ou trop claire',
  dynamic_range: 'photo terne',
  compression: 'photo pixelisée',
  image_size: 'photo trop petite',
  colour_space: 'photo en noir et blanc',
  eyes_open: 'yeux fermés',
  mouth_closed: 'bouche ouverte',
  expression: 'expression non neutre',
  glasses_glare: 'reflets sur les lunettes',
  head_covering: 'tête couverte',
};

export const SCAN_READY_FR = 'photo conforme : vérifiez la ressemblance avec l’usager';
export const SCAN_NO_FACE_FR =
  'aucun visage sur la photo : vérifiez qu’il s’agit d’une photo d’identité, posée face contre la vitre';

export function scanInstruction(
  criteria: readonly AnyResult[],
  mandatory: readonly (CriterionId | ScanCriterionId)[],
  faceFound: boolean,
): string {
  if (!faceFound) return SCAN_NO_FACE_FR;
  const nok = (id: string) => criteria.find((c) => c.id === id)?.status === 'nok';
  for (const id of ['scan_resolution', 'halftone', 'dust', 'token_border'] as const)
    if (nok(id)) return SCAN_MESSAGES_FR[id];
  const defect = criteria.find(
    (c) => c.status === 'nok' && mandatory.includes(c.id) && c.id in PHOTO_DEFECT_FR,
  );
  if (defect)
    return `photo non conforme (${PHOTO_DEFECT_FR[defect.id as CriterionId]}) : demandez une autre photo à l’usager`;
  if (nok('scan_skew')) return SCAN_MESSAGES_FR.scan_skew;
  return SCAN_READY_FR;
}

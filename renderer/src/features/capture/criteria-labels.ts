/** French names of the portrait criteria (stable ids from the portrait engine). */
export const criterionLabel: Record<string, string> = {
  face_count: 'Un seul visage',
  inter_eye_distance: 'Distance entre les yeux (px)',
  roll: 'Inclinaison de la tête (°)',
  yaw: 'Rotation gauche-droite (°)',
  pitch: 'Rotation haut-bas (°)',
  centring_horizontal: 'Centrage horizontal',
  eye_position_vertical: 'Hauteur des yeux',
  head_size: 'Hauteur de la tête',
  head_width: 'Largeur de la tête',
  margins: 'Marges',
  sharpness: 'Netteté',
  exposure: 'Exposition',
  dynamic_range: 'Contraste',
  illumination_symmetry: 'Éclairage symétrique',
  natural_colour: 'Couleurs naturelles',
  background_uniformity: 'Fond uni',
  compression: 'Compression',
  image_size: 'Taille de l’image',
  colour_space: 'Espace colorimétrique',
  eyes_open: 'Yeux ouverts',
  mouth_closed: 'Bouche fermée',
  expression: 'Expression neutre',
  glasses_glare: 'Reflets sur les lunettes',
  head_covering: 'Tête nue',
};

export const statusLabel = { ok: 'Conforme', nok: 'Non conforme', not_assessed: 'Non évalué' } as const;

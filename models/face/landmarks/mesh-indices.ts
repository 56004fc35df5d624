/**
 * Indices of the MediaPipe 468-point face mesh that the portrait measures read (canonical face
 * model topology). Right/left are the subject's: the right eye is on the image's left.
 */
export const MESH = {
  forehead: 10,
  chin: 152,
  noseTip: 1,
  rightCheek: 234,
  leftCheek: 454,
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  mouthRight: 61,
  mouthLeft: 291,
  upperLipInner: 13,
  lowerLipInner: 14,
  upperLipOuter: 0,
  lowerLipOuter: 17,
} as const;

/** Upper and lower eyelid points, paired top/bottom (three pairs per eye). */
export const RIGHT_EYELIDS: readonly (readonly [number, number])[] = [
  [160, 144],
  [159, 145],
  [158, 153],
];
export const LEFT_EYELIDS: readonly (readonly [number, number])[] = [
  [387, 373],
  [386, 374],
  [385, 380],
];

/** Inner lip contour, paired upper/lower from the right corner to the left one. */
export const INNER_LIPS: readonly (readonly [number, number])[] = [
  [80, 88],
  [81, 178],
  [82, 87],
  [13, 14],
  [312, 317],
  [311, 402],
  [310, 318],
];

/** Inner lip polygon (closed loop: upper lip right to left, then lower lip left to right). */
export const INNER_LIP_LOOP: readonly number[] = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95,
];

/** Face oval, clockwise from the forehead. */
export const FACE_OVAL: readonly number[] = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/** Eye openings (lid margins, closed loops). */
export const RIGHT_EYE_RING: readonly number[] = [
  33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7,
];
export const LEFT_EYE_RING: readonly number[] = [
  263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249,
];

/** Detection types: a face box and the six BlazeFace keypoints, in pixels of some image. */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The six BlazeFace keypoints. Right/left are the SUBJECT's: the right eye appears on the image's
 * left side of a non-mirrored photo.
 */
export interface FaceKeypoints {
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly noseTip: Point;
  readonly mouth: Point;
  readonly rightEar: Point;
  readonly leftEar: Point;
}

export const KEYPOINT_ORDER = ['rightEye', 'leftEye', 'noseTip', 'mouth', 'rightEar', 'leftEar'] as const;

export interface Detection {
  readonly score: number;
  readonly box: Box;
  readonly keypoints: FaceKeypoints;
}

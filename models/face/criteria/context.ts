/**
 * What the image criteria read: the picture, its luma plane and the face geometry, with a pixel
 * stride that keeps face statistics at roughly 60-120 samples per IED whatever the resolution
 * (the live loop and the full-resolution check then cost about the same).
 */
import type { FaceGeometry } from '../geometry/face-geometry';
import { faceEllipse, zonePixels } from '../geometry/regions';
import type { Plane } from '../image/resample';
import { lumaPlane, type RgbImage } from '../image/rgb-image';

export interface MeasureContext {
  readonly image: RgbImage;
  readonly luma: Plane;
  readonly geometry: FaceGeometry | null;
  /** Pixel stride for face statistics. */
  readonly stride: number;
  /** Luma of the face-ellipse pixels (memoised: several criteria read it). */
  faceLuma(): Float32Array | null;
}

const MIN_FACE_PIXELS = 50;

function collectFaceLuma(plane: Plane, geometry: FaceGeometry, stride: number): Float32Array | null {
  const idx = zonePixels(geometry, faceEllipse(geometry), plane.width, plane.height, stride);
  if (idx.length < MIN_FACE_PIXELS) return null;
  const out = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = plane.data[idx[i]!]!;
  return out;
}

export function measureContext(image: RgbImage, geometry: FaceGeometry | null, luma?: Plane): MeasureContext {
  const plane = luma ?? { width: image.width, height: image.height, data: lumaPlane(image) };
  const stride = geometry ? Math.max(1, Math.floor(geometry.ied / 60)) : 1;
  let face: Float32Array | null | undefined;
  return {
    image,
    luma: plane,
    geometry,
    stride,
    faceLuma() {
      if (face === undefined) face = geometry ? collectFaceLuma(plane, geometry, stride) : null;
      return face;
    },
  };
}

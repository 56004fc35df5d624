/**
 * Letterboxing for the detector: the picture is resized with its aspect ratio kept (sharp, linear)
 * into a square model input, centred on black padding, and converted to NHWC float32 in [-1, 1]
 * (MediaPipe's BlazeFace normalisation). The returned transform maps model coordinates back.
 */
import sharp from 'sharp';
import type { RgbImage } from '../image/rgb-image';
import type { Box, Detection, FaceKeypoints, Point } from './types';

export interface LetterboxTransform {
  /** Model input side in pixels. */
  readonly size: number;
  /** Offsets of the picture inside the model input, in model pixels. */
  readonly padX: number;
  readonly padY: number;
  /** Source pixels per model pixel. */
  readonly scaleX: number;
  readonly scaleY: number;
}

export interface LetterboxResult {
  readonly tensor: Float32Array;
  readonly transform: LetterboxTransform;
}

export function letterboxTransform(width: number, height: number, size: number): LetterboxTransform {
  const scale = size / Math.max(width, height);
  const rw = Math.max(1, Math.round(width * scale));
  const rh = Math.max(1, Math.round(height * scale));
  return {
    size,
    padX: Math.floor((size - rw) / 2),
    padY: Math.floor((size - rh) / 2),
    scaleX: width / rw,
    scaleY: height / rh,
  };
}

export async function letterbox(image: RgbImage, size: number): Promise<LetterboxResult> {
  const t = letterboxTransform(image.width, image.height, size);
  const rw = Math.round(image.width / t.scaleX);
  const rh = Math.round(image.height / t.scaleY);
  const resized = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(rw, rh, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer();
  const tensor = new Float32Array(size * size * 3).fill(-1);
  for (let y = 0; y < rh; y++) {
    let src = y * rw * 3;
    let dst = ((y + t.padY) * size + t.padX) * 3;
    for (let x = 0; x < rw * 3; x++) tensor[dst++] = resized[src++]! / 127.5 - 1;
  }
  return { tensor, transform: t };
}

function mapPoint(p: Point, t: LetterboxTransform): Point {
  return { x: (p.x * t.size - t.padX) * t.scaleX, y: (p.y * t.size - t.padY) * t.scaleY };
}

/** Maps a detection in normalised model coordinates to source-image pixels. */
export function toImageCoordinates(d: Detection, t: LetterboxTransform): Detection {
  const topLeft = mapPoint({ x: d.box.x, y: d.box.y }, t);
  const box: Box = {
    x: topLeft.x,
    y: topLeft.y,
    width: d.box.width * t.size * t.scaleX,
    height: d.box.height * t.size * t.scaleY,
  };
  const k = d.keypoints;
  const keypoints: FaceKeypoints = {
    rightEye: mapPoint(k.rightEye, t),
    leftEye: mapPoint(k.leftEye, t),
    noseTip: mapPoint(k.noseTip, t),
    mouth: mapPoint(k.mouth, t),
    rightEar: mapPoint(k.rightEar, t),
    leftEar: mapPoint(k.leftEar, t),
  };
  return { score: d.score, box, keypoints };
}

/**
 * Token portrait (ICAO / BSI output geometry): the picture is de-rotated by the roll only (pitch
 * and yaw may not be corrected), scaled so that the IED becomes `iedRatio x width`, and cropped so
 * that the eye midpoint lands at (width/2, eyeLineRatio x height); default 1244 x 1600. Downscaling
 * uses sharp's Lanczos resize first, then a bilinear rotation at ~1:1; upscaling is reported (BSI
 * forbids it for the delivered image). Pixels outside the source are edge-replicated and counted.
 */
import sharp from 'sharp';
import { DEFAULT_PORTRAIT_CONFIG, type TokenGeometry } from './config';
import type { Point } from './detector/types';
import { loadPortrait } from './image/load';
import { addSampleRgb, createRgbImage, type RgbImage } from './image/rgb-image';

export interface TokenOptions {
  readonly format?: 'jpeg' | 'png';
  /** JPEG quality (default 92, 4:4:4 chroma). */
  readonly quality?: number;
  readonly geometry?: Partial<TokenGeometry>;
}

export interface TokenPortrait {
  readonly data: Buffer;
  readonly format: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  /** Output pixels per source pixel (> 1 means the source was upscaled). */
  readonly scale: number;
  readonly upscaled: boolean;
  /** Share of output pixels that fell outside the source (edge-replicated). */
  readonly outsideFraction: number;
  /** The rotation removed, degrees (the roll of the eye line). */
  readonly rollCorrectedDeg: number;
  /** The RGB pixels of the token (for further checks). */
  readonly image: RgbImage;
}

export interface TokenFace {
  readonly eyes: { readonly right: Point; readonly left: Point };
}

/** Warps an RGB picture so that the given eyes land on the token geometry (pure, no I/O). */
export function warpToToken(
  src: RgbImage,
  eyes: { right: Point; left: Point },
  geometry: TokenGeometry,
): { image: RgbImage; outsideFraction: number } {
  const { width: W, height: H, iedRatio, eyeLineRatio } = geometry;
  const dx = eyes.left.x - eyes.right.x;
  const dy = eyes.left.y - eyes.right.y;
  const ied = Math.hypot(dx, dy);
  if (!(ied > 0)) throw new RangeError('token portrait: eyes coincide');
  const ux = dx / ied;
  const uy = dy / ied;
  const inv = ied / (iedRatio * W);
  const mx = (eyes.left.x + eyes.right.x) / 2;
  const my = (eyes.left.y + eyes.right.y) / 2;
  const cx = W / 2;
  const cy = eyeLineRatio * H;
  const out = new Uint8Array(W * H * 3);
  const sw = src.width;
  const sh = src.height;
  const px = new Float64Array(3);
  let outside = 0;
  for (let Y = 0; Y < H; Y++) {
    const oy = (Y + 0.5 - cy) * inv;
    for (let X = 0; X < W; X++) {
      const ox = (X + 0.5 - cx) * inv;
      // output x runs along the eye line (u), output y along v = (-uy, ux)
      const x = mx + ox * ux - oy * uy - 0.5;
      const y = my + ox * uy + oy * ux - 0.5;
      if (x < -0.5 || y < -0.5 || x > sw - 0.5 || y > sh - 0.5) outside++;
      px[0] = 0;
      px[1] = 0;
      px[2] = 0;
      addSampleRgb(src, x, y, px);
      const o = (Y * W + X) * 3;
      for (let k = 0; k < 3; k++) out[o + k] = Math.round(px[k]!);
    }
  }
  return { image: createRgbImage(W, H, out), outsideFraction: outside / (W * H) };
}

export async function makeTokenPortrait(
  input: RgbImage | string | Uint8Array,
  face: TokenFace,
  options: TokenOptions = {},
): Promise<TokenPortrait> {
  const geometry: TokenGeometry = { ...DEFAULT_PORTRAIT_CONFIG.token, ...options.geometry };
  let src =
    typeof input === 'string' || input instanceof Uint8Array ? (await loadPortrait(input)).image : input;
  let { right, left } = face.eyes;
  const ied = Math.hypot(left.x - right.x, left.y - right.y);
  const scale = (geometry.iedRatio * geometry.width) / ied;
  if (scale < 0.95) {
    // downscale with a proper filter first; the warp then works at ~1:1
    const w = Math.max(1, Math.round(src.width * scale));
    const h = Math.max(1, Math.round(src.height * scale));
    const data = await sharp(src.data, { raw: { width: src.width, height: src.height, channels: 3 } })
      .resize(w, h, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    const sx = w / src.width;
    const sy = h / src.height;
    right = { x: (right.x + 0.5) * sx - 0.5, y: (right.y + 0.5) * sy - 0.5 };
    left = { x: (left.x + 0.5) * sx - 0.5, y: (left.y + 0.5) * sy - 0.5 };
    src = createRgbImage(w, h, new Uint8Array(data.buffer, data.byteOffset, data.length));
  }
  const { image, outsideFraction } = warpToToken(src, { right, left }, geometry);
  const format = options.format ?? 'jpeg';
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  const data =
    format === 'jpeg'
      ? await pipeline.jpeg({ quality: options.quality ?? 92, chromaSubsampling: '4:4:4' }).toBuffer()
      : await pipeline.png().toBuffer();
  return {
    data,
    format,
    width: image.width,
    height: image.height,
    scale,
    upscaled: scale > 1.001,
    outsideFraction,
    rollCorrectedDeg:
      (Math.atan2(face.eyes.left.y - face.eyes.right.y, face.eyes.left.x - face.eyes.right.x) * 180) /
      Math.PI,
    image,
  };
}

/**
 * Degraded and harmless variants of a portrait for the evaluation harness, made with sharp from an
 * RGB picture. Each defect names the criterion that must catch it; each harmless change must leave
 * every criterion's status unchanged. Parameters are relative to the IED so that they mean the same
 * on every portrait.
 */
import sharp, { type Sharp } from 'sharp';
import type { CriterionId } from '../criteria/ids';
import { createRgbImage, type RgbImage } from '../image/rgb-image';

export type DefectId =
  | 'rotation'
  | 'blur'
  | 'under_exposure'
  | 'over_exposure'
  | 'off_centre'
  | 'too_small'
  | 'no_face'
  | 'two_faces'
  | 'heavy_jpeg'
  | 'low_resolution';

export type HarmlessId =
  | 'jpeg_q90'
  | 'brightness_plus_10'
  | 'brightness_minus_10'
  | 'roll_1deg'
  | 'rescale_95'
  | 'rescale_105';

export interface DefectSpec {
  readonly id: DefectId;
  /** The criterion that must turn from ok to nok. */
  readonly criterion: CriterionId;
  readonly description: string;
}

export const DEFECTS: readonly DefectSpec[] = [
  { id: 'rotation', criterion: 'roll', description: 'in-plane rotation by 15 deg (sign alternates)' },
  { id: 'blur', criterion: 'sharpness', description: 'Gaussian blur, sigma = 0.03 IED' },
  { id: 'under_exposure', criterion: 'exposure', description: 'luma x 0.35' },
  { id: 'over_exposure', criterion: 'exposure', description: 'luma x 1.8 + 40 (clipped)' },
  {
    id: 'off_centre',
    criterion: 'centring_horizontal',
    description: 'shifted sideways by 15 % of the width',
  },
  { id: 'too_small', criterion: 'head_size', description: 'scaled to 60 % inside the same frame' },
  { id: 'no_face', criterion: 'face_count', description: 'the frame without its face (background only)' },
  { id: 'two_faces', criterion: 'face_count', description: 'two copies side by side at half size' },
  { id: 'heavy_jpeg', criterion: 'compression', description: 'JPEG quality 6' },
  { id: 'low_resolution', criterion: 'image_size', description: 'downscaled to 45 %' },
];

export const HARMLESS: readonly { readonly id: HarmlessId; readonly description: string }[] = [
  { id: 'jpeg_q90', description: 'JPEG re-encode at quality 90' },
  { id: 'brightness_plus_10', description: 'luma x 1.1' },
  { id: 'brightness_minus_10', description: 'luma x 0.9' },
  { id: 'roll_1deg', description: '1 degree in-plane rotation' },
  { id: 'rescale_95', description: '5 % downscale' },
  { id: 'rescale_105', description: '5 % upscale' },
];

const raw = (img: RgbImage) =>
  sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } });

async function fromSharp(s: Sharp): Promise<RgbImage> {
  const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return createRgbImage(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.length));
}

/** Mean colour of the picture's border (a plausible backdrop colour for padding). */
function borderColour(img: RgbImage): { r: number; g: number; b: number } {
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const add = (x: number, y: number) => {
    const i = (y * img.width + x) * 3;
    r += img.data[i]!;
    g += img.data[i + 1]!;
    b += img.data[i + 2]!;
    n++;
  };
  for (let x = 0; x < img.width; x++) add(x, 0);
  for (let y = 0; y < img.height; y++) {
    add(0, y);
    add(img.width - 1, y);
  }
  return { r: Math.round(r / n), g: Math.round(g / n), b: Math.round(b / n) };
}

/** Rotation about the centre, same size, corners filled with the border colour. */
async function rotate(img: RgbImage, deg: number): Promise<RgbImage> {
  const rotated = await raw(img)
    .rotate(deg, { background: borderColour(img) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.floor((rotated.info.width - img.width) / 2);
  const top = Math.floor((rotated.info.height - img.height) / 2);
  return fromSharp(
    sharp(rotated.data, {
      raw: { width: rotated.info.width, height: rotated.info.height, channels: 3 },
    }).extract({
      left,
      top,
      width: img.width,
      height: img.height,
    }),
  );
}

/** The picture scaled by `f` and centred (or placed at `dx`) in a same-size frame of border colour. */
async function placeScaled(img: RgbImage, f: number): Promise<RgbImage> {
  const w = Math.round(img.width * f);
  const h = Math.round(img.height * f);
  const small = await raw(img).resize(w, h, { fit: 'fill' }).png().toBuffer();
  return fromSharp(
    sharp({
      create: { width: img.width, height: img.height, channels: 3, background: borderColour(img) },
    }).composite([
      { input: small, left: Math.floor((img.width - w) / 2), top: Math.floor((img.height - h) / 2) },
    ]),
  );
}

async function shift(img: RgbImage, dx: number): Promise<RgbImage> {
  const d = Math.round(Math.abs(dx));
  const extended = raw(img).extend({
    left: dx > 0 ? d : 0,
    right: dx < 0 ? d : 0,
    extendWith: 'copy',
  });
  const buf = await extended.raw().toBuffer({ resolveWithObject: true });
  return fromSharp(
    sharp(buf.data, { raw: { width: buf.info.width, height: buf.info.height, channels: 3 } }).extract({
      left: dx > 0 ? 0 : d,
      top: 0,
      width: img.width,
      height: img.height,
    }),
  );
}

/** The backdrop alone: the picture's border colour with a gentle vertical gradient and a little noise. */
function backgroundOnly(img: RgbImage, seed: number): RgbImage {
  const c = borderColour(img);
  const out = new Uint8Array(img.width * img.height * 3);
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  for (let y = 0; y < img.height; y++) {
    const shade = 1 + 0.08 * (0.5 - y / img.height);
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      const n = (rnd() - 0.5) * 4;
      out[i] = Math.max(0, Math.min(255, c.r * shade + n));
      out[i + 1] = Math.max(0, Math.min(255, c.g * shade + n));
      out[i + 2] = Math.max(0, Math.min(255, c.b * shade + n));
    }
  }
  return createRgbImage(img.width, img.height, out);
}

export async function makeDefect(
  img: RgbImage,
  defect: DefectId,
  ied: number,
  index: number,
): Promise<RgbImage> {
  const sign = index % 2 === 0 ? 1 : -1;
  switch (defect) {
    case 'rotation':
      return rotate(img, 15 * sign);
    case 'blur':
      return fromSharp(raw(img).blur(Math.max(0.3, 0.03 * ied)));
    case 'under_exposure':
      return fromSharp(raw(img).linear(0.35, 0));
    case 'over_exposure':
      return fromSharp(raw(img).linear(1.8, 40));
    case 'off_centre':
      return shift(img, 0.15 * img.width * sign);
    case 'too_small':
      return placeScaled(img, 0.6);
    case 'no_face':
      return backgroundOnly(img, index + 1);
    case 'two_faces': {
      const w = Math.floor(img.width / 2);
      const h = Math.round((img.height * w) / img.width);
      const half = await raw(img).resize(w, h, { fit: 'fill' }).png().toBuffer();
      const top = Math.floor((img.height - h) / 2);
      return fromSharp(
        sharp({
          create: { width: img.width, height: img.height, channels: 3, background: borderColour(img) },
        }).composite([
          { input: half, left: 0, top },
          { input: half, left: w, top },
        ]),
      );
    }
    case 'heavy_jpeg':
      return fromSharp(sharp(await raw(img).jpeg({ quality: 6 }).toBuffer()));
    case 'low_resolution':
      return fromSharp(
        raw(img).resize(Math.round(img.width * 0.45), Math.round(img.height * 0.45), { kernel: 'lanczos3' }),
      );
  }
}

export async function makeHarmless(img: RgbImage, change: HarmlessId): Promise<RgbImage> {
  switch (change) {
    case 'jpeg_q90':
      return fromSharp(sharp(await raw(img).jpeg({ quality: 90 }).toBuffer()));
    case 'brightness_plus_10':
      return fromSharp(raw(img).linear(1.1, 0));
    case 'brightness_minus_10':
      return fromSharp(raw(img).linear(0.9, 0));
    case 'roll_1deg':
      return rotate(img, 1);
    case 'rescale_95':
      return fromSharp(
        raw(img).resize(Math.round(img.width * 0.95), Math.round(img.height * 0.95), { kernel: 'lanczos3' }),
      );
    case 'rescale_105':
      return fromSharp(
        raw(img).resize(Math.round(img.width * 1.05), Math.round(img.height * 1.05), { kernel: 'lanczos3' }),
      );
  }
}

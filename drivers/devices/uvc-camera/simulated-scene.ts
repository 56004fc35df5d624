/**
 * The simulated camera's scene: a Y4M clip that Chromium's fake capture device plays in a loop.
 * With a portrait photograph (demo mode uses one when available) the subject sways slightly in front
 * of a plain light background, like an applicant in front of the station; without one, a drawn
 * silhouette stands in (enough for the preview, not for face detection).
 */
import sharp from 'sharp';
import { encodeY4m, type RgbFrame } from './y4m';

export interface SceneOptions {
  /** A portrait image file or bytes; when absent, a drawn silhouette. */
  portrait?: string | Uint8Array;
  width?: number;
  height?: number;
  frames?: number;
  fps?: number;
  /** The portrait fills the frame (it is already framed as an ICAO token portrait). */
  fill?: boolean;
  /** Background colour (plain light grey by default, as the photo rules require). */
  background?: { r: number; g: number; b: number };
}

const silhouette = (w: number, h: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
      <ellipse cx="${w / 2}" cy="${h * 0.42}" rx="${w * 0.2}" ry="${h * 0.22}" fill="#c8a088"/>
      <ellipse cx="${w * 0.43}" cy="${h * 0.4}" rx="${w * 0.025}" ry="${h * 0.012}" fill="#2a2020"/>
      <ellipse cx="${w * 0.57}" cy="${h * 0.4}" rx="${w * 0.025}" ry="${h * 0.012}" fill="#2a2020"/>
      <rect x="${w * 0.46}" y="${h * 0.52}" width="${w * 0.08}" height="${h * 0.01}" fill="#8a4a40"/>
      <rect x="${w * 0.22}" y="${h * 0.7}" width="${w * 0.56}" height="${h * 0.3}" rx="${w * 0.1}" fill="#304060"/>
    </svg>`,
  );

export async function renderSceneFrames(options: SceneOptions = {}): Promise<RgbFrame[]> {
  const width = options.width ?? 960;
  const height = options.height ?? 1280;
  const count = options.frames ?? 8;
  const background = options.background ?? { r: 225, g: 228, b: 230 };
  const subjectWidth = Math.round(width * (options.fill ? 1 : 0.8));
  const subject =
    options.portrait && options.fill
      ? await sharp(options.portrait).resize({ width, height, fit: 'cover' }).toBuffer()
      : options.portrait
        ? await sharp(options.portrait)
            .resize({ width: subjectWidth, height: Math.round(height * 0.85), fit: 'inside' })
            .toBuffer()
        : await sharp(silhouette(subjectWidth, Math.round(height * 0.85)))
            .png()
            .toBuffer();
  const meta = await sharp(subject).metadata();
  const sw = meta.width ?? subjectWidth;
  const sh = meta.height ?? height;
  const frames: RgbFrame[] = [];
  for (let i = 0; i < count; i++) {
    const sway = options.fill ? 0 : Math.round(Math.sin((2 * Math.PI * i) / count) * width * 0.01);
    const left = Math.max(0, Math.min(width - sw, Math.round((width - sw) / 2) + sway));
    const top = Math.max(0, Math.round((height - sh) * 0.6));
    const rgb = await sharp({ create: { width, height, channels: 3, background } })
      .composite([{ input: subject, left, top }])
      .removeAlpha()
      .raw()
      .toBuffer();
    frames.push({ width, height, rgb: new Uint8Array(rgb) });
  }
  return frames;
}

export async function renderSceneY4m(options: SceneOptions = {}): Promise<Buffer> {
  return encodeY4m(await renderSceneFrames(options), options.fps ?? 15);
}

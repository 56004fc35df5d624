/**
 * Synthetic portraits for unit tests (no shared data needed): an SVG scene rendered with sharp —
 * a plain or noisy backdrop, a skin-coloured head ellipse, two eyes (sclera + dark iris), brows,
 * nose and mouth — with the exact eye centres and the six keypoints it was drawn from.
 */
import sharp from 'sharp';
import type { FaceKeypoints, Point } from '../detector/types';
import { createRgbImage, type RgbImage } from '../image/rgb-image';

export interface SceneOptions {
  readonly width?: number;
  readonly height?: number;
  /** Eye midpoint, pixels. */
  readonly centre?: Point;
  readonly ied?: number;
  /** Head tilt, degrees (positive: subject's left eye lower, as FaceGeometry.rollDeg). */
  readonly rollDeg?: number;
  readonly skin?: string;
  readonly background?: string;
  /** Draw a stripe pattern on the backdrop. */
  readonly busyBackground?: boolean;
  /** Multiply every pixel (exposure tests) and optional Gaussian blur sigma. */
  readonly gain?: number;
  readonly blurSigma?: number;
  /** Darken the subject's left half of the face (illumination tests). */
  readonly sideShadow?: boolean;
  readonly greyscale?: boolean;
}

export interface Scene {
  readonly image: RgbImage;
  readonly rightEye: Point;
  readonly leftEye: Point;
  readonly keypoints: FaceKeypoints;
}

export async function syntheticFace(options: SceneOptions = {}): Promise<Scene> {
  const W = options.width ?? 400;
  const H = options.height ?? 514;
  const ied = options.ied ?? 100;
  const c = options.centre ?? { x: W / 2, y: 0.45 * H };
  const roll = options.rollDeg ?? 0;
  const rad = (roll * Math.PI) / 180;
  const u = { x: Math.cos(rad), y: Math.sin(rad) };
  const v = { x: -u.y, y: u.x };
  const at = (x: number, y: number): Point => ({
    x: c.x + (x * u.x + y * v.x) * ied,
    y: c.y + (x * u.y + y * v.y) * ied,
  });
  const skin = options.skin ?? '#d9a987';
  const bg = options.background ?? '#c8ccd0';
  const s = (k: number) => k * ied;
  const stripes = options.busyBackground
    ? Array.from(
        { length: Math.ceil(W / 12) },
        (_, i) => `<rect x="${i * 12}" y="0" width="6" height="${H}" fill="#303030"/>`,
      ).join('')
    : '';
  const face = `
    <g transform="translate(${c.x} ${c.y}) rotate(${roll})">
      <ellipse cx="0" cy="${s(0.25)}" rx="${s(1.15)}" ry="${s(1.75)}" fill="#3a2a20"/>
      <rect x="${-s(0.45)}" y="${s(1.4)}" width="${s(0.9)}" height="${s(2)}" fill="${skin}"/>
      <ellipse cx="0" cy="${s(0.35)}" rx="${s(1.0)}" ry="${s(1.45)}" fill="${skin}"/>
      ${[-0.5, 0.5]
        .map(
          (x) => `
        <ellipse cx="${s(x)}" cy="0" rx="${s(0.2)}" ry="${s(0.09)}" fill="#f4f4f0"/>
        <circle cx="${s(x)}" cy="0" r="${s(0.085)}" fill="#3b2414"/>
        <circle cx="${s(x)}" cy="0" r="${s(0.035)}" fill="#080808"/>
        <rect x="${s(x - 0.25)}" y="${-s(0.28)}" width="${s(0.5)}" height="${s(0.07)}" rx="${s(0.03)}" fill="#3a2a20"/>`,
        )
        .join('')}
      <path d="M ${-s(0.12)} ${s(0.55)} Q 0 ${s(0.68)} ${s(0.12)} ${s(0.55)}" stroke="#9a6a50" stroke-width="${s(0.04)}" fill="none"/>
      <rect x="${-s(0.3)}" y="${s(0.97)}" width="${s(0.6)}" height="${s(0.07)}" rx="${s(0.03)}" fill="#a0504a"/>
      ${options.sideShadow ? `<rect x="0" y="${-s(1.2)}" width="${s(1.2)}" height="${s(3)}" fill="#000" opacity="0.6"/>` : ''}
    </g>`;
  const svg = `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="${bg}"/>${stripes}${face}</svg>`;
  let pipeline = sharp(Buffer.from(svg)).removeAlpha();
  if (options.blurSigma) pipeline = pipeline.blur(options.blurSigma);
  if (options.gain !== undefined) pipeline = pipeline.linear(options.gain, 0);
  if (options.greyscale) pipeline = pipeline.greyscale().toColourspace('srgb');
  const { data, info } = await sharp(await pipeline.png().toBuffer())
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  let rgb = new Uint8Array(data.buffer, data.byteOffset, data.length);
  if (info.channels !== 3) {
    rgb = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) rgb.fill(data[i * info.channels]!, i * 3, i * 3 + 3);
  }
  const rightEye = at(-0.5, 0);
  const leftEye = at(0.5, 0);
  return {
    image: createRgbImage(info.width, info.height, rgb),
    rightEye,
    leftEye,
    keypoints: {
      rightEye,
      leftEye,
      noseTip: at(0, 0.5),
      mouth: at(0, 1.0),
      rightEar: at(-1.05, 0.2),
      leftEar: at(1.05, 0.2),
    },
  };
}

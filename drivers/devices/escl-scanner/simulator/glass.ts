/**
 * What lies on the simulated flatbed and how a scanner sees it: paper ID photos (35 x 45 mm
 * prints with a white paper border, laid a few degrees askew) on a white lid, dust specks on the
 * glass, then the scanner's optics (slight blur) and sensor noise, sampled at the requested
 * resolution over the requested region. A print is either a photographic print (continuous tone,
 * grain, the paper's reduced tonal range) or a halftone (an AM screen per ink, as a laser or
 * offset print is), which the scan aliases into moiré at 300 dpi as a real one does. Positions are
 * in platen millimetres and everything is seeded, so the same scene scans the same at any dpi.
 */
import sharp from 'sharp';
import { seededRandom } from '../../../../common/prng';

export type PrintProcess = 'photo' | 'halftone';

export interface PhotoOnGlass {
  /** Encoded picture (JPEG, PNG...) printed on the photo, cover-cropped to its size. */
  readonly image: Uint8Array;
  /** Centre of the print on the platen, mm from the scan origin (top-left corner). */
  readonly centreMm: { readonly x: number; readonly y: number };
  /** Clockwise rotation of the print on the glass, degrees. */
  readonly skewDeg: number;
  /** Printed picture size, mm (an ID photo: 35 x 45). */
  readonly sizeMm?: { readonly width: number; readonly height: number };
  /** White paper around the picture, mm. */
  readonly borderMm?: number;
  readonly print?: PrintProcess;
}

export interface GlassScene {
  readonly photos: readonly PhotoOnGlass[];
  /** Dust specks over the platen. */
  readonly dust?: number;
  readonly seed?: number;
}

export interface RegionMm {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RawScan {
  readonly width: number;
  readonly height: number;
  /** RGB, row-major. */
  readonly data: Uint8Array;
}

/** The platen of the simulated scanner (A4, and US letter width), mm. */
export const PLATEN_MM = { width: 215.9, height: 297 } as const;
/** Largest region x resolution rendered (A4 at 600 dpi is 35 Mpx). */
export const MAX_SCAN_PIXELS = 40_000_000;

const LID = [236, 236, 233] as const;
const PAPER = [247, 246, 243] as const;
const ID_PHOTO_MM = { width: 35, height: 45 } as const;
const px = (mm: number, dpi: number) => Math.max(1, Math.round((mm / 25.4) * dpi));

export async function renderGlass(scene: GlassScene, region: RegionMm, dpi: number): Promise<RawScan> {
  const width = px(region.width, dpi);
  const height = px(region.height, dpi);
  if (width * height > MAX_SCAN_PIXELS) throw new RangeError(`scan of ${width}x${height} px is too large`);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    data[i] = LID[0];
    data[i + 1] = LID[1];
    data[i + 2] = LID[2];
  }
  const seed = scene.seed ?? 1;
  for (const [index, photo] of scene.photos.entries()) {
    const paper = await printedPaper(photo, dpi, seed + index * 7919);
    composite({ width, height, data }, paper, {
      x: ((photo.centreMm.x - region.x) / 25.4) * dpi,
      y: ((photo.centreMm.y - region.y) / 25.4) * dpi,
    });
  }
  drawDust({ width, height, data }, scene, region, dpi);
  addSensorNoise(data, seededRandom(seed ^ 0x5eed));
  return { width, height, data };
}

/** The print, rotated by its skew, as RGBA (alpha outside the paper is 0). */
async function printedPaper(photo: PhotoOnGlass, dpi: number, seed: number): Promise<RawRgba> {
  const size = photo.sizeMm ?? ID_PHOTO_MM;
  const w = px(size.width, dpi);
  const h = px(size.height, dpi);
  const picture = await sharp(photo.image, { failOn: 'error', limitInputPixels: 100_000_000 })
    .rotate()
    .resize(w, h, { fit: 'cover', position: 'centre', kernel: 'lanczos3' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();
  const random = seededRandom(seed);
  const inked =
    (photo.print ?? 'photo') === 'halftone'
      ? halftone(picture, w, h, dpi)
      : photographicPrint(picture, random);
  const b = px(photo.borderMm ?? 2, dpi);
  const pw = w + 2 * b;
  const ph = h + 2 * b;
  const paper = new Uint8Array(pw * ph * 3);
  const texture = paperTexture(pw, ph, dpi, random);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const o = (y * pw + x) * 3;
      const inside = x >= b && x < b + w && y >= b && y < b + h;
      const i = ((y - b) * w + (x - b)) * 3;
      const t = texture[y * pw + x]!;
      for (let k = 0; k < 3; k++) paper[o + k] = clamp((inside ? inked[i + k]! : PAPER[k]!) * t);
    }
  }
  // The lamp lights the paper's edge from one side: a thin shadow line along two edges.
  for (let x = 0; x < pw; x++) for (let k = 0; k < 3; k++) paper[x * 3 + k] = 150;
  for (let y = 0; y < ph; y++) for (let k = 0; k < 3; k++) paper[y * pw * 3 + k] = 150;
  const { data, info } = await sharp(paper, { raw: { width: pw, height: ph, channels: 3 } })
    .ensureAlpha()
    .rotate(photo.skewDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

interface RawRgba {
  width: number;
  height: number;
  data: Uint8Array;
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** A photographic print: the paper's tonal range (black ~16, white ~246) and film grain. */
function photographicPrint(rgb: Uint8Array, random: () => number): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let i = 0; i < rgb.length; i += 3) {
    const grain = (random() + random() - 1) * 5;
    for (let k = 0; k < 3; k++) out[i + k] = clamp(16 + rgb[i + k]! * (230 / 255) + grain);
  }
  return out;
}

/**
 * An AM halftone print: cyan, magenta and yellow inks, each a 150 lpi dot screen at its classic
 * angle (15, 75, 0 degrees), each scan pixel the ink coverage over its area (supersampled).
 */
function halftone(rgb: Uint8Array, w: number, h: number, dpi: number): Uint8Array {
  const out = new Uint8Array(rgb.length);
  const f = (2 * Math.PI * 150) / dpi;
  const angles = [15, 75, 0].map((a) => (a * Math.PI) / 180);
  const s = dpi <= 300 ? 3 : 2;
  for (let k = 0; k < 3; k++) {
    const ca = Math.cos(angles[k]!);
    const sa = Math.sin(angles[k]!);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = (y * w + x) * 3 + k;
        const coverage = 1 - rgb[o]! / 255;
        let ink = 0;
        for (let sy = 0; sy < s; sy++) {
          for (let sx = 0; sx < s; sx++) {
            const X = x + (sx + 0.5) / s;
            const Y = y + (sy + 0.5) / s;
            const u = X * ca + Y * sa;
            const v = -X * sa + Y * ca;
            if ((Math.cos(f * u) + Math.cos(f * v)) / 2 > 1 - 2 * coverage) ink++;
          }
        }
        out[o] = clamp(PAPER[k]! * (1 - (ink / (s * s)) * 0.93));
      }
    }
  }
  return out;
}

/** Multiplicative paper texture: smooth ±1.5 % variations at about 1 mm. */
function paperTexture(w: number, h: number, dpi: number, random: () => number): Float32Array {
  const cell = Math.max(2, px(1, dpi));
  const gw = Math.ceil(w / cell) + 2;
  const gh = Math.ceil(h / cell) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => 1 + (random() - 0.5) * 0.03);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const gy = y / cell;
    const y0 = Math.floor(gy);
    const fy = gy - y0;
    for (let x = 0; x < w; x++) {
      const gx = x / cell;
      const x0 = Math.floor(gx);
      const fx = gx - x0;
      const a = grid[y0 * gw + x0]!;
      const b = grid[y0 * gw + x0 + 1]!;
      const c = grid[(y0 + 1) * gw + x0]!;
      const d = grid[(y0 + 1) * gw + x0 + 1]!;
      out[y * w + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
  }
  return out;
}

function composite(canvas: RawScan, paper: RawRgba, centre: { x: number; y: number }): void {
  const left = Math.round(centre.x - paper.width / 2);
  const top = Math.round(centre.y - paper.height / 2);
  for (let y = Math.max(0, -top); y < paper.height && top + y < canvas.height; y++) {
    for (let x = Math.max(0, -left); x < paper.width && left + x < canvas.width; x++) {
      const s = (y * paper.width + x) * 4;
      const a = paper.data[s + 3]! / 255;
      if (a === 0) continue;
      const o = ((top + y) * canvas.width + left + x) * 3;
      for (let k = 0; k < 3; k++)
        canvas.data[o + k] = clamp(paper.data[s + k]! * a + canvas.data[o + k]! * (1 - a));
    }
  }
}

/** Dust specks: small dark discs (0.05-0.2 mm) at seeded platen positions. */
function drawDust(canvas: RawScan, scene: GlassScene, region: RegionMm, dpi: number): void {
  const random = seededRandom((scene.seed ?? 1) ^ 0xd057);
  for (let i = 0; i < (scene.dust ?? 0); i++) {
    const xMm = random() * PLATEN_MM.width;
    const yMm = random() * PLATEN_MM.height;
    const rMm = 0.05 + random() * 0.15;
    const shade = 40 + random() * 60;
    const cx = ((xMm - region.x) / 25.4) * dpi;
    const cy = ((yMm - region.y) / 25.4) * dpi;
    const r = Math.max(0.7, (rMm / 25.4) * dpi);
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        if (x < 0 || y < 0 || x >= canvas.width || y >= canvas.height) continue;
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const o = (y * canvas.width + x) * 3;
        for (let k = 0; k < 3; k++) canvas.data[o + k] = Math.min(canvas.data[o + k]!, shade);
      }
    }
  }
}

function addSensorNoise(data: Uint8Array, random: () => number): void {
  for (let i = 0; i < data.length; i++) data[i] = clamp(data[i]! + (random() + random() - 1) * 3);
}

/** The usual scene: one ID photo near the top-left corner, 3.2 degrees askew, a few dust specks. */
export function defaultScene(
  image: Uint8Array,
  options: Partial<PhotoOnGlass> & { dust?: number; seed?: number } = {},
): GlassScene {
  return {
    photos: [
      {
        image,
        centreMm: options.centreMm ?? { x: 45, y: 52 },
        skewDeg: options.skewDeg ?? 3.2,
        ...(options.borderMm !== undefined ? { borderMm: options.borderMm } : {}),
        print: options.print ?? 'photo',
      },
    ],
    dust: options.dust ?? 25,
    seed: options.seed ?? 1,
  };
}

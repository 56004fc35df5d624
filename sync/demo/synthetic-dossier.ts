/**
 * Realistic synthetic dossiers for the simulator, the demo and the benchmark: a portrait JPEG and
 * two fingerprint PNGs encoded by sharp, signature strokes and their rendered PNG, quality and
 * match results, sized to a target (the portrait absorbs the size: its pixel count is derived from
 * a calibrated bytes-per-pixel). Pixel content is random, so every dossier is distinct.
 */
import { randomBytes, randomInt } from 'node:crypto';
import sharp from 'sharp';
import { createDossier, type Dossier, type DossierKind, jsonPart } from '../dossier';

export interface SyntheticOptions {
  stationId: string;
  agentId?: string;
  kind?: DossierKind;
  /** Approximate total size of the parts in bytes (default 3 MiB). */
  sizeBytes?: number;
  /** Bytes embedded in the portrait's JPEG comment (plaintext-leak scans). */
  marker?: Uint8Array;
}

const JPEG_QUALITY = 92;
let portraitBytesPerPixel: number | undefined;

async function noiseJpeg(width: number, height: number, comment?: Uint8Array): Promise<Buffer> {
  const pixels = randomBytes(width * height * 3);
  // A soft vertical gradient under the noise, like a lit face on a plain background.
  for (let y = 0; y < height; y++) {
    const shade = Math.round((y / height) * 60);
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (pixels[i]! >> 1) + 64 + shade;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' })
    .toBuffer();
  if (!comment) return jpeg;
  // Insert a COM segment right after SOI: still a valid JPEG.
  const segment = Buffer.alloc(4 + comment.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(comment.length + 2, 2);
  segment.set(comment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}

async function calibrate(): Promise<number> {
  if (portraitBytesPerPixel === undefined) {
    const sample = await noiseJpeg(256, 256);
    portraitBytesPerPixel = sample.length / (256 * 256);
  }
  return portraitBytesPerPixel;
}

/** A grey-level ridge pattern (500 dpi-like), PNG. */
async function fingerprintPng(size: number): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size);
  const noise = randomBytes(size * size);
  const freq = 0.18 + Math.random() * 0.05;
  const cx = size / 2 + randomInt(-20, 20);
  const cy = size / 2 + randomInt(-20, 20);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - cx, (y - cy) * 1.3);
      const ridge = Math.sin(r * freq + Math.atan2(y - cy, x - cx) * 2);
      const v = 128 + ridge * 90 + ((noise[y * size + x]! - 128) >> 2);
      pixels[y * size + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

interface Point {
  x: number;
  y: number;
  t: number;
  p: number;
}

function signatureStrokes(width: number, height: number): Point[][] {
  const strokes: Point[][] = [];
  let t = 0;
  for (let s = 0; s < 3; s++) {
    const points: Point[] = [];
    let x = 40 + s * 180 + randomInt(0, 40);
    let y = height / 2 + randomInt(-30, 30);
    for (let i = 0; i < 60; i++) {
      x = Math.min(width - 1, x + 2 + Math.random() * 3);
      y = Math.max(1, Math.min(height - 1, y + Math.sin(i / 4 + s) * 6 + (Math.random() - 0.5) * 3));
      t += 8;
      points.push({
        x: Math.round(x * 10) / 10,
        y: Math.round(y * 10) / 10,
        t,
        p: Math.round((0.4 + Math.random() * 0.5) * 100) / 100,
      });
    }
    strokes.push(points);
    t += 120;
  }
  return strokes;
}

async function signaturePng(width: number, height: number, strokes: Point[][]): Promise<Buffer> {
  const paths = strokes
    .map((points) => `<path d="M ${points.map((p) => `${p.x} ${p.y}`).join(' L ')}" />`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><g fill="none" stroke="black" stroke-width="2">${paths}</g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function syntheticDossier(options: SyntheticOptions): Promise<Dossier> {
  const target = options.sizeBytes ?? 3 * 1024 * 1024;
  const fingerSize = target >= 512 * 1024 ? 400 : 160;
  const [rightIndex, leftIndex] = await Promise.all([fingerprintPng(fingerSize), fingerprintPng(fingerSize)]);
  const strokes = signatureStrokes(640, 200);
  const signature = await signaturePng(640, 200, strokes);
  const rest = target - rightIndex.length - leftIndex.length - signature.length - 2048;
  const bpp = await calibrate();
  const pixels = Math.max(64 * 64, rest / bpp);
  const width = Math.max(64, Math.round(Math.sqrt(pixels * 0.77)));
  const height = Math.max(64, Math.round(pixels / width));
  const portrait = await noiseJpeg(width, height, options.marker);
  return createDossier({
    kind: options.kind ?? 'application',
    stationId: options.stationId,
    agentId: options.agentId ?? 'agent-demo',
    parts: [
      { name: 'portrait', mediaType: 'image/jpeg', bytes: portrait },
      jsonPart('portrait.quality', { score: randomInt(80, 99), compliant: true, failedChecks: [] }),
      { name: 'fingerprint.right-index', mediaType: 'image/png', bytes: rightIndex },
      { name: 'fingerprint.left-index', mediaType: 'image/png', bytes: leftIndex },
      jsonPart('fingerprints.quality', {
        fingers: [
          { finger: 'right-index', status: 'captured', nfiq2: randomInt(45, 90) },
          { finger: 'left-index', status: 'captured', nfiq2: randomInt(45, 90) },
        ],
      }),
      jsonPart('signature.strokes', {
        width: 640,
        height: 200,
        strokes: strokes.map((points) => ({ points })),
      }),
      { name: 'signature.image', mediaType: 'image/png', bytes: signature },
      jsonPart('match-result', {
        algorithm: 'recueil-sim-matcher-1',
        probe: 'fingerprint.right-index',
        reference: 'fingerprint.right-index',
        score: Math.round((0.85 + Math.random() * 0.14) * 1000) / 1000,
        threshold: 0.8,
        decision: 'match',
      }),
    ],
  });
}

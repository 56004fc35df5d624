/**
 * Test support for barcode pictures: encodes a DataMatrix (or QR code) with ZXing's writer and lays
 * it on a synthetic page the way a proof of address is photographed or scanned: a page with lines
 * of "text", the symbol at some scale, rotated, then blur, sensor noise and JPEG compression.
 * Never part of a product bundle.
 */
import ZXing from '@zxing/library';
import sharp, { type OverlayOptions } from 'sharp';

/** ZXing's SymbolShapeHint.FORCE_SQUARE (a const enum, not importable as a value): 2D-DOCs are square. */
const FORCE_SQUARE = 1;

export interface SymbolOptions {
  format?: 'datamatrix' | 'qr';
}

/** The symbol's modules: `true` is dark. */
export function encodeSymbol(
  content: string,
  options: SymbolOptions = {},
): { size: number; dark: boolean[] } {
  const matrix =
    options.format === 'qr'
      ? new ZXing.QRCodeWriter().encode(content, ZXing.BarcodeFormat.QR_CODE, 0, 0, new Map())
      : new ZXing.DataMatrixWriter().encode(
          content,
          ZXing.BarcodeFormat.DATA_MATRIX,
          0,
          0,
          new Map([[ZXing.EncodeHintType.DATA_MATRIX_SHAPE, FORCE_SQUARE]]),
        );
  const size = matrix.getWidth();
  const dark: boolean[] = [];
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) dark.push(matrix.get(x, y));
  return { size, dark };
}

/** A PNG of the symbol alone, `modulePx` pixels per module, with a quiet zone of `quietModules`. */
export async function symbolPng(
  content: string,
  modulePx = 6,
  quietModules = 2,
  options: SymbolOptions = {},
) {
  const { size, dark } = encodeSymbol(content, options);
  const side = (size + 2 * quietModules) * modulePx;
  const pixels = Buffer.alloc(side * side, 255);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const mx = Math.floor(x / modulePx) - quietModules;
      const my = Math.floor(y / modulePx) - quietModules;
      if (mx >= 0 && my >= 0 && mx < size && my < size && dark[my * size + mx]) pixels[y * side + x] = 20;
    }
  return sharp(pixels, { raw: { width: side, height: side, channels: 1 } })
    .png()
    .toBuffer();
}

export interface DocumentOptions extends SymbolOptions {
  /** Page size in pixels (default A4 at 150 ppi: 1240 x 1754). */
  page?: { width: number; height: number };
  modulePx?: number;
  /** Degrees, clockwise. */
  rotate?: number;
  /** Gaussian blur sigma in pixels (0: none). */
  blur?: number;
  /** Amplitude of uniform noise added to every pixel (0-255). */
  noise?: number;
  /** JPEG quality (default 85); `png` for a lossless scan. */
  quality?: number | 'png';
  /** Where the symbol's top-left corner goes (default: the top right of the page, with a margin). */
  at?: { left: number; top: number };
  seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** A photographed or scanned page carrying the symbol. */
export async function documentImage(content: string, options: DocumentOptions = {}): Promise<Buffer> {
  const page = options.page ?? { width: 1240, height: 1754 };
  const random = rng(options.seed ?? 7);
  let symbol = sharp(await symbolPng(content, options.modulePx ?? 5, 2, options));
  if (options.rotate) symbol = symbol.rotate(options.rotate, { background: { r: 255, g: 255, b: 255 } });
  const placed = await symbol.toColourspace('b-w').png().toBuffer();
  const meta = await sharp(placed).metadata();
  const at = options.at ?? { left: page.width - (meta.width ?? 0) - 80, top: 90 };
  // Lines of "text": dark dashes in paragraphs, as a letter's body.
  const lines: OverlayOptions[] = [];
  for (let row = 0; row < 40; row++) {
    const top = 400 + row * 30;
    if (top + 12 > page.height) break;
    let left = 100;
    while (left < page.width - 150) {
      const w = 20 + Math.floor(random() * 90);
      lines.push({
        input: { create: { width: w, height: 12, channels: 3, background: { r: 60, g: 60, b: 60 } } },
        left,
        top,
      });
      left += w + 12;
    }
  }
  let out = sharp({
    create: { width: page.width, height: page.height, channels: 3, background: { r: 250, g: 248, b: 240 } },
  })
    .composite([...lines, { input: placed, left: at.left, top: at.top }])
    .toColourspace('b-w');
  let grey = await out.raw().toBuffer();
  if (grey.length !== page.width * page.height) throw new Error('expected one channel');
  if (options.blur)
    grey = await sharp(grey, { raw: { ...page, channels: 1 } })
      .blur(options.blur)
      .toColourspace('b-w')
      .raw()
      .toBuffer();
  if (options.noise) {
    for (let i = 0; i < grey.length; i++)
      grey[i] = Math.max(0, Math.min(255, grey[i]! + Math.round((random() - 0.5) * 2 * options.noise)));
  }
  out = sharp(grey, { raw: { ...page, channels: 1 } });
  return options.quality === 'png'
    ? out.png().toBuffer()
    : out.jpeg({ quality: options.quality ?? 85 }).toBuffer();
}

/**
 * 2D barcodes in pictures: finds and decodes the DataMatrix (2D-DOC proofs) or QR code (tax-stamp
 * and pre-application summaries) in a photo or scan, for the camera and flatbed fallbacks of the
 * counter's barcode reader and for `recueil 2ddoc verify --image`.
 *
 * Why @zxing/library: barcode detection and Reed-Solomon decoding are not the product's core (the
 * 2D-DOC parsing and verification are, in models/documents/twoddoc); ZXing is the reference open
 * decoder, its TypeScript port is pure JavaScript (no native add-on, runs in every host), Apache-2.0
 * and still released. sharp (already the project's image reader) turns the file into grey pixels.
 *
 * What this module owns: refusing what is not a usable picture before any pixel is decoded (not an
 * image, a truncated file, dimensions beyond the limit), and the search strategy. ZXing's detector
 * copes with rotation and perspective; a symbol that is small in a large page, blurred or noisy is
 * found by trying a few scales (a page is first reduced to at most 2048 px, then 1024 px, then the
 * full resolution is tried), each with the hybrid (local threshold) binarizer, then the global one.
 */
import ZXing from '@zxing/library';
import sharp, { type Sharp } from 'sharp';
import { type Grey, locateSymbols } from './barcode-locate';

export type BarcodeFormat = 'datamatrix' | 'qr';

export type BarcodeImageErrorCode = 'NOT_AN_IMAGE' | 'TRUNCATED_IMAGE' | 'IMAGE_TOO_LARGE' | 'NO_BARCODE';

const messagesFr: Record<BarcodeImageErrorCode, string> = {
  NOT_AN_IMAGE:
    'Ce fichier n’est pas une image lisible (JPEG, PNG, TIFF, WebP) : numérisez à nouveau le document.',
  TRUNCATED_IMAGE:
    'L’image est incomplète (fichier tronqué) : numérisez ou photographiez à nouveau le document.',
  IMAGE_TOO_LARGE:
    'L’image est trop grande pour être analysée : numérisez le document à 300 ppp au plus, ou photographiez seulement le code.',
  NO_BARCODE:
    'Aucun code 2D lisible dans l’image : cadrez le code en entier, bien à plat et net, ou utilisez le lecteur de codes.',
};

export class BarcodeImageError extends Error {
  constructor(
    readonly code: BarcodeImageErrorCode,
    /** Technical detail for the log and the CLI (English, no personal data). */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'BarcodeImageError';
  }

  /** The French message shown to the agent. */
  get messageFr(): string {
    return messagesFr[this.code];
  }
}

export interface DecodedBarcode {
  format: BarcodeFormat;
  /** The decoded content as ZXing reads it (Latin-1 for byte segments). */
  text: string;
  /** The content as bytes: Latin-1 when every character fits in a byte (2D-DOC, binary VDS), else UTF-8. */
  bytes: Uint8Array;
  /** Width and height of the picture that was searched (after reduction), and where it was found. */
  searched: { width: number; height: number };
}

export interface DecodeBarcodeOptions {
  formats?: readonly BarcodeFormat[];
  /** Refuse pictures with more pixels than this (default 60 megapixels: an A4 page at 600 ppi is 35). */
  maxPixels?: number;
  /** Refuse files larger than this (default 64 MiB). */
  maxBytes?: number;
}

const DEFAULT_MAX_PIXELS = 60_000_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** The reduced picture searched for a close-up symbol and for candidate regions. */
const OVERVIEW_SIDE = 1024;
/** A candidate region is decoded at this size at most (a 2D-DOC has at most 144 modules a side). */
const CROP_SIDE = 900;

function contentBytes(text: string): Uint8Array {
  const latin1 = [...text].every((c) => c.charCodeAt(0) <= 0xff);
  return latin1 ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : new TextEncoder().encode(text);
}

function classifySharpError(error: unknown): BarcodeImageError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format|bad seek|not a known file format/i.test(message))
    return new BarcodeImageError('NOT_AN_IMAGE', message);
  if (/pixel limit|exceeds|too large/i.test(message))
    return new BarcodeImageError('IMAGE_TOO_LARGE', message);
  if (/premature end|truncat|unexpected end|read error|corrupt|incomplete|end of file|EOF/i.test(message))
    return new BarcodeImageError('TRUNCATED_IMAGE', message);
  return new BarcodeImageError('NOT_AN_IMAGE', message);
}

/** Runs a sharp pipeline to one 8-bit grey channel. */
async function toGrey(pipeline: Sharp): Promise<Grey> {
  const { data, info } = await pipeline.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height),
    width: info.width,
    height: info.height,
  };
}

function fromGrey(grey: Grey): Sharp {
  return sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } });
}

/** The picture as 8-bit grey, upright (EXIF orientation applied). */
async function greyPixels(image: Uint8Array, maxPixels: number): Promise<Grey> {
  try {
    return await toGrey(
      sharp(image, { limitInputPixels: maxPixels, failOn: 'truncated' })
        .rotate()
        .flatten({ background: '#ffffff' }),
    );
  } catch (error) {
    throw classifySharpError(error);
  }
}

/** A crop of `grey`, reduced so that no side exceeds `maxSide`. */
function cropAndReduce(
  grey: Grey,
  region: { left: number; top: number; width: number; height: number },
  maxSide: number,
): Promise<Grey> {
  const crop = fromGrey(grey).extract(region);
  return toGrey(
    Math.max(region.width, region.height) > maxSide
      ? crop.resize({ width: maxSide, height: maxSide, fit: 'inside' })
      : crop,
  );
}

/** Twice the size (bicubic) when small, then an unsharp mask. */
function enhance(grey: Grey): Promise<Grey> {
  const factor = Math.max(grey.width, grey.height) < CROP_SIDE / 2 ? 2 : 1;
  return toGrey(
    fromGrey(grey)
      .resize({ width: grey.width * factor, height: grey.height * factor, kernel: 'cubic' })
      .sharpen({ sigma: 1.5 * factor, m1: 2, m2: 4 }),
  );
}

function rotate45(grey: Grey): Promise<Grey> {
  return toGrey(fromGrey(grey).rotate(45, { background: '#ffffff' }));
}

const readers: Record<BarcodeFormat, () => ZXing.Reader> = {
  datamatrix: () => new ZXing.DataMatrixReader(),
  qr: () => new ZXing.QRCodeReader(),
};

function tryDecode(
  grey: Grey,
  formats: readonly BarcodeFormat[],
): { format: BarcodeFormat; result: ZXing.Result } | undefined {
  const source = new ZXing.RGBLuminanceSource(
    new Uint8ClampedArray(grey.data.buffer, grey.data.byteOffset, grey.data.byteLength),
    grey.width,
    grey.height,
  );
  const hints = new Map<ZXing.DecodeHintType, unknown>([[ZXing.DecodeHintType.TRY_HARDER, true]]);
  for (const binarizer of [ZXing.HybridBinarizer, ZXing.GlobalHistogramBinarizer]) {
    const bitmap = new ZXing.BinaryBitmap(new binarizer(source));
    for (const format of formats) {
      try {
        return { format, result: readers[format]().decode(bitmap, hints) };
      } catch (error) {
        // NotFound, Checksum and Format exceptions mean "not here": try the next way.
        if (!(error instanceof ZXing.Exception)) throw error;
      }
    }
  }
  return undefined;
}

/** Finds and decodes the first DataMatrix or QR code of a picture file's bytes. */
export async function decodeBarcodeImage(
  image: Uint8Array,
  options: DecodeBarcodeOptions = {},
): Promise<DecodedBarcode> {
  const formats = options.formats ?? ['datamatrix', 'qr'];
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (image.byteLength === 0) throw new BarcodeImageError('NOT_AN_IMAGE', 'empty file');
  if (image.byteLength > maxBytes)
    throw new BarcodeImageError('IMAGE_TOO_LARGE', `${image.byteLength} bytes, limit ${maxBytes}`);
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(image).metadata());
  } catch (error) {
    throw classifySharpError(error);
  }
  if (!width || !height) throw new BarcodeImageError('NOT_AN_IMAGE', 'no dimensions in the header');
  if (width * height > maxPixels)
    throw new BarcodeImageError('IMAGE_TOO_LARGE', `${width}x${height} pixels, limit ${maxPixels}`);
  const full = await greyPixels(image, maxPixels);
  const whole = { left: 0, top: 0, width: full.width, height: full.height };
  const found = (hit: { format: BarcodeFormat; result: ZXing.Result }, searched: Grey): DecodedBarcode => {
    const text = hit.result.getText();
    return {
      format: hit.format,
      text,
      bytes: contentBytes(text),
      searched: { width: searched.width, height: searched.height },
    };
  };
  // A close-up: the symbol fills the picture.
  const overview = await cropAndReduce(full, whole, OVERVIEW_SIDE);
  const direct = tryDecode(overview, formats);
  if (direct) return found(direct, overview);
  // A page: each candidate square, cut from the full-resolution picture with a margin.
  const scale = full.width / overview.width;
  for (const region of locateSymbols(overview)) {
    const margin = Math.max(region.width, region.height) * 0.3 + 4;
    const left = Math.max(0, Math.floor((region.left - margin) * scale));
    const top = Math.max(0, Math.floor((region.top - margin) * scale));
    const right = Math.min(full.width, Math.ceil((region.left + region.width + margin) * scale));
    const bottom = Math.min(full.height, Math.ceil((region.top + region.height + margin) * scale));
    const box = { left, top, width: right - left, height: bottom - top };
    const crop = await cropAndReduce(full, box, CROP_SIDE);
    const hit = tryDecode(crop, formats);
    if (hit) return found(hit, crop);
    // A blurred or small symbol: enlarged and sharpened, module edges come back above the threshold.
    const enhanced = await enhance(crop);
    const second = tryDecode(enhanced, formats);
    if (second) return found(second, enhanced);
    // ZXing's DataMatrix detector takes the corners of the white rectangle around the symbol, which
    // a symbol turned by about 45 degrees touches with its corners: turn it back by 45 degrees.
    const turned = await rotate45(crop);
    const third = tryDecode(turned, formats);
    if (third) return found(third, turned);
  }
  throw new BarcodeImageError('NO_BARCODE', `no ${formats.join(' or ')} symbol found in ${width}x${height}`);
}

/**
 * The fingerprint image formats sharp cannot read: WSQ (the project's WSQ decoder), JPEG 2000 (JP2
 * files and raw J2K codestreams, through models/imaging/jpeg2000, i.e. OpenJPEG in WebAssembly;
 * colour is reduced to luma) and ISO/IEC 19794-4 finger image records whose payload is WSQ, raw
 * 8-bit, PNG, JPEG or JPEG 2000 (2005 'jpeg2000', 2011 'jpeg2000-lossy' and 'jpeg2000-lossless').
 * Registered once by the module's public index.
 */
import sharp from 'sharp';
import { decodeJpeg2000, isJpeg2000, Jpeg2000Error, jpeg2000ToGrey } from '../../imaging/jpeg2000';
import {
  type FingerprintImageDecoder,
  registerImageDecoder,
  UnsupportedImageFormatError,
} from '../image/decoders';
import {
  createGreyImage,
  type GreyImage,
  ImageDecodeError,
  MAX_TRUSTED_PPI,
  MIN_TRUSTED_PPI,
  STANDARD_PPI,
} from '../image/grey-image';
import { decodeWsq } from '../wsq';
import { type FingerImageRepresentation, parseFingerImageRecord } from './iso19794-4';

const isWsq = (b: Uint8Array) => b.length >= 2 && b[0] === 0xff && b[1] === 0xa0;
const isIsoRecord = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x46 && b[1] === 0x49 && b[2] === 0x52 && b[3] === 0;

function wsqToImage(bytes: Uint8Array, fallbackPpi = STANDARD_PPI): GreyImage {
  const decoded = decodeWsq(bytes);
  return createGreyImage(decoded.width, decoded.height, decoded.pixels, decoded.ppi ?? fallbackPpi);
}

export const wsqDecoder: FingerprintImageDecoder = {
  format: 'wsq',
  sniff: isWsq,
  decode: (bytes) => wsqToImage(bytes),
};

/** Maximum finger image decoded from JPEG 2000 (a 1000 ppi four-finger slap is about 16 MPixel). */
const MAX_J2K_PIXELS = 40_000_000;

/**
 * JPEG 2000 to greyscale. The resolution is `ppi` (a record header's) when given, else the JP2
 * file's capture resolution when plausible for a scanner, else 500 ppi. Decode failures become
 * ImageDecodeError (with the Jpeg2000Error as cause), like the other formats.
 */
async function jpeg2000ToImage(bytes: Uint8Array, ppi?: number): Promise<GreyImage> {
  try {
    const decoded = await decodeJpeg2000(bytes, { maxPixels: MAX_J2K_PIXELS });
    const own = decoded.ppi;
    const trusted = own !== undefined && own >= MIN_TRUSTED_PPI && own <= MAX_TRUSTED_PPI ? own : undefined;
    return createGreyImage(
      decoded.width,
      decoded.height,
      jpeg2000ToGrey(decoded),
      ppi ?? trusted ?? STANDARD_PPI,
    );
  } catch (error) {
    if (error instanceof Jpeg2000Error) throw new ImageDecodeError(error.message, { cause: error });
    throw error;
  }
}

export const jpeg2000Decoder: FingerprintImageDecoder = {
  format: 'jpeg2000',
  sniff: isJpeg2000,
  decode: (bytes) => jpeg2000ToImage(bytes),
};

/**
 * Decodes one finger representation of a 19794-4 record to greyscale (shared with the MOSIP SBI
 * driver). Throws UnsupportedImageFormatError for payloads no codec here reads (bit-packed raw,
 * raw deeper than 8 bits, unknown), WsqError or ImageDecodeError for payloads that do not decode.
 */
export async function decodeFingerRepresentation(rep: FingerImageRepresentation): Promise<GreyImage> {
  const ppi = rep.ppi > 0 ? rep.ppi : STANDARD_PPI;
  switch (rep.compression) {
    case 'wsq':
      return wsqToImage(rep.data, ppi);
    case 'raw':
      if (rep.bitDepth !== 8) throw new UnsupportedImageFormatError(`iso19794-4 raw ${rep.bitDepth}-bit`);
      return createGreyImage(rep.width, rep.height, rep.data.slice(0, rep.width * rep.height), ppi);
    case 'png':
    case 'jpeg': {
      const { data, info } = await sharp(rep.data).greyscale().raw().toBuffer({ resolveWithObject: true });
      return createGreyImage(info.width, info.height, new Uint8Array(data), ppi);
    }
    case 'jpeg2000':
    case 'jpeg2000-lossy':
    case 'jpeg2000-lossless':
      return jpeg2000ToImage(rep.data, ppi);
    default:
      throw new UnsupportedImageFormatError(`iso19794-4 ${rep.compression}`);
  }
}

export const iso19794_4Decoder: FingerprintImageDecoder = {
  format: 'iso19794-4',
  sniff: isIsoRecord,
  async decode(bytes) {
    const first = parseFingerImageRecord(bytes).representations[0];
    if (!first) throw new UnsupportedImageFormatError('iso19794-4 without a finger representation');
    return decodeFingerRepresentation(first);
  },
};

let registered = false;

/** Registers the built-in decoders (idempotent). */
export function registerBuiltInDecoders(): void {
  if (registered) return;
  registered = true;
  registerImageDecoder(wsqDecoder);
  registerImageDecoder(iso19794_4Decoder);
  registerImageDecoder(jpeg2000Decoder);
}

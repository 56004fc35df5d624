/**
 * The fingerprint image formats sharp cannot read, decoded by the project's own codecs: WSQ (the
 * project's WSQ decoder) and ISO/IEC 19794-4 finger image records whose payload is WSQ, raw 8-bit,
 * PNG or JPEG (JPEG 2000 payloads are recognised and refused clearly: no decoder ships yet).
 * Registered once by the module's public index.
 */
import sharp from 'sharp';
import {
  type FingerprintImageDecoder,
  registerImageDecoder,
  UnsupportedImageFormatError,
} from '../image/decoders';
import { createGreyImage, type GreyImage, STANDARD_PPI } from '../image/grey-image';
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

async function representationToImage(rep: FingerImageRepresentation): Promise<GreyImage> {
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
    return representationToImage(first);
  },
};

let registered = false;

/** Registers the built-in decoders (idempotent). */
export function registerBuiltInDecoders(): void {
  if (registered) return;
  registered = true;
  registerImageDecoder(wsqDecoder);
  registerImageDecoder(iso19794_4Decoder);
}

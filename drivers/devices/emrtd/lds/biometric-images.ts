/**
 * Decoding of the chip's biometric images for display and checks: DG2 faces (ISO/IEC 19794-5:
 * JPEG through sharp, JPEG 2000 through models/imaging/jpeg2000, i.e. OpenJPEG in WebAssembly) to
 * 8-bit RGB or grey pixels plus a PNG, and DG3 fingers (ISO/IEC 19794-4) to 8-bit grey, JPEG 2000
 * and PNG/JPEG included (WSQ and raw stay with dg3.ts decodeFingerImage). The parsers (dg2.ts,
 * dg3.ts) stay synchronous and decode nothing; this module is the asynchronous step after them.
 * The decoded size is authoritative: it fills in a header that gave none, and a header that
 * disagrees is reported (`matchesHeader`) rather than trusted. Failures are FrameError
 * ('TOO_LARGE' past the pixel caps, else 'UNEXPECTED'), with the codec's typed error as cause.
 */
import sharp from 'sharp';
import { decodeJpeg2000, Jpeg2000Error, jpeg2000ToGrey } from '../../../../models/imaging/jpeg2000';
import { FrameError } from '../../../core/errors';
import type { Dg2, FaceImage } from './dg2';
import { decodeFingerImage, type FingerImage } from './dg3';

/** Largest face decoded (a 19794-5 full-frontal portrait is well under 2 MPixel). */
const MAX_FACE_PIXELS = 16_000_000;
/** Largest finger decoded (as for WSQ fingers in dg3.ts). */
const MAX_FINGER_PIXELS = 4_000_000;

export interface DecodedFace {
  /** Size of the decoded image. */
  width: number;
  height: number;
  /** 3 (RGB) or 1 (grey), as coded. */
  channels: 1 | 3;
  /** 8-bit interleaved samples, row-major. */
  pixels: Uint8Array;
  /** The same image as PNG, for display. */
  png: Uint8Array;
  /** True when the 19794-5 header gave no size or the size it gave. */
  matchesHeader: boolean;
}

function decodeFailure(what: string, error: unknown): FrameError {
  const detail = error instanceof Error ? error.message : String(error);
  const tooLarge = error instanceof Jpeg2000Error && error.code === 'TOO_LARGE';
  const failure = new FrameError(tooLarge ? 'TOO_LARGE' : 'UNEXPECTED', `${what}: ${detail}`);
  failure.cause = error;
  return failure;
}

async function toPng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
): Promise<Uint8Array> {
  const png = await sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
  return new Uint8Array(png);
}

/** Decodes one DG2 face image (JPEG or JPEG 2000) to RGB/grey pixels and a PNG. */
export async function decodeFaceImage(face: FaceImage): Promise<DecodedFace> {
  let width: number;
  let height: number;
  let channels: 1 | 3;
  let pixels: Uint8Array;
  try {
    if (face.format === 'jpeg2000') {
      const decoded = await decodeJpeg2000(face.bytes, { maxPixels: MAX_FACE_PIXELS });
      ({ width, height, pixels } = decoded);
      channels = decoded.components;
    } else if (face.format === 'jpeg' || face.format === 'png') {
      const input = sharp(face.bytes, { failOn: 'error', limitInputPixels: MAX_FACE_PIXELS });
      const meta = await input.metadata();
      const grey = meta.channels === 1 || meta.channels === 2;
      const { data, info } = await (grey ? input.greyscale() : input.toColourspace('srgb'))
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 1 && info.channels !== 3)
        throw new Error(`${info.channels} channels after conversion`);
      ({ width, height } = info);
      channels = info.channels;
      pixels = new Uint8Array(data.buffer, data.byteOffset, data.length);
    } else {
      throw new Error(`no decoder for ${face.format} face images`);
    }
  } catch (error) {
    throw decodeFailure(`DG2 ${face.format} face`, error);
  }
  const headerSized = face.width > 0 && face.height > 0;
  return {
    width,
    height,
    channels,
    pixels,
    png: await toPng(pixels, width, height, channels),
    matchesHeader: !headerSized || (face.width === width && face.height === height),
  };
}

/**
 * Decodes every face of a DG2; each FaceImage comes back with the decoded size where its header
 * gave none (0), beside the decoded image.
 */
export async function decodeDg2Faces(dg2: Dg2): Promise<{ face: FaceImage; decoded: DecodedFace }[]> {
  const out: { face: FaceImage; decoded: DecodedFace }[] = [];
  for (const face of dg2.images) {
    const decoded = await decodeFaceImage(face);
    out.push({
      face: {
        ...face,
        width: face.width || decoded.width,
        height: face.height || decoded.height,
      },
      decoded,
    });
  }
  return out;
}

export interface DecodedFinger {
  width: number;
  height: number;
  /** 8-bit greyscale, row-major. */
  pixels: Uint8Array;
  /** True when the decoded size is the one of the finger header. */
  matchesHeader: boolean;
}

/** Decodes a DG3 finger of any 19794-4 compression (WSQ, raw, JPEG 2000, JPEG, PNG) to grey. */
export async function decodeFingerImageAsync(finger: FingerImage): Promise<DecodedFinger> {
  let image: { width: number; height: number; pixels: Uint8Array };
  if (finger.format === 'jpeg2000') {
    try {
      const decoded = await decodeJpeg2000(finger.bytes, { maxPixels: MAX_FINGER_PIXELS });
      image = { width: decoded.width, height: decoded.height, pixels: jpeg2000ToGrey(decoded) };
    } catch (error) {
      throw decodeFailure('DG3 jpeg2000 finger', error);
    }
  } else if (finger.format === 'jpeg' || finger.format === 'png') {
    try {
      const { data, info } = await sharp(finger.bytes, {
        failOn: 'error',
        limitInputPixels: MAX_FINGER_PIXELS,
      })
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      image = {
        width: info.width,
        height: info.height,
        pixels: new Uint8Array(data.buffer, data.byteOffset, data.length),
      };
    } catch (error) {
      throw decodeFailure(`DG3 ${finger.format} finger`, error);
    }
  } else {
    image = decodeFingerImage(finger);
  }
  return { ...image, matchesHeader: image.width === finger.width && image.height === finger.height };
}

/**
 * JPEG 2000 (ISO/IEC 15444-1) decoding for the images Recueil receives but sharp cannot read: the
 * face of DG2 (ISO/IEC 19794-5) and fingers of DG3 (ISO/IEC 19794-4) on ID card chips, and
 * MOSIP SBI finger records (JPEG 2000 lossless). Both the raw codestream (J2K, SOC FF4F FF51) and
 * the JP2 file format (signature box 0000000C 6A502020 0D0A870A) are read.
 *
 * Why @cornerstonejs/codec-openjpeg: it is OpenJPEG (recognised by ISO/IEC and ITU-T as JPEG 2000
 * reference software) compiled to WebAssembly, with no native add-on and no install script, so it
 * runs unchanged in Node 20, the Electron hosts and CI; MIT, maintained by the Cornerstone medical
 * imaging project. sharp's prebuilt libvips has no JPEG 2000 loader, and the pure-JavaScript ports
 * on npm (pdf.js' JPX decoder and its forks) are decode-only and slower. The package also ships
 * the OpenJPEG encoder, which tests and simulators use to make J2K data in code.
 *
 * The WASM module is loaded lazily, once, and shared (decoding is synchronous, so calls never
 * interleave); its heap only grows (2 GiB at most), so it keeps the memory of the largest image
 * decoded. The wrapper around OpenJPEG makes assumptions (no image offset, same-size components
 * except YCbCr 4:2:x, at most 3 components, deeper than 8 bits only when grey), so the main header
 * is parsed here first and anything outside those assumptions, oversized or malformed is refused
 * with a typed Jpeg2000Error before the codec sees it. An exception or trap inside the codec also
 * ends in a Jpeg2000Error, and the instance is then discarded so a corrupted heap is never reused.
 * Output is always 8 bits per sample, interleaved (grey or RGB); deeper samples are rescaled.
 */
import { createRequire } from 'node:module';

export type Jpeg2000ErrorCode =
  | 'NOT_JPEG2000'
  | 'TRUNCATED'
  | 'BAD_HEADER'
  | 'TOO_LARGE'
  | 'UNSUPPORTED'
  | 'DECODE_FAILED'
  | 'ENCODE_FAILED'
  | 'CODEC_UNAVAILABLE';

/** Every failure of this module: malformed, oversized or unsupported input, or a codec failure. */
export class Jpeg2000Error extends Error {
  override readonly name = 'Jpeg2000Error';
  constructor(
    readonly code: Jpeg2000ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`JPEG 2000: ${message}`, options);
  }
}

/** Largest image decoded by default (40 MPixel): a 1000 ppi ten-print slap is about 16 MPixel. */
export const JPEG2000_MAX_PIXELS = 40_000_000;
/** Largest encoded input accepted (64 MiB). */
export const JPEG2000_MAX_BYTES = 64 * 1024 * 1024;
const MAX_TILES = 65_535;

export interface Jpeg2000Component {
  precision: number;
  signed: boolean;
  dx: number;
  dy: number;
}

/** What the main header (SIZ marker segment) says, read without decoding. */
export interface Jpeg2000Header {
  container: 'jp2' | 'j2k';
  width: number;
  height: number;
  /** Offset of the image area on the reference grid (XOsiz, YOsiz). */
  x0: number;
  y0: number;
  components: Jpeg2000Component[];
  tiles: number;
  /** Offset of the codestream (SOC) inside the input. */
  codestreamOffset: number;
}

export interface DecodedJpeg2000 {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  components: 1 | 3;
  /** Precision of the coded samples (before the conversion to 8 bits). */
  bitsPerSample: number;
  /** 8-bit samples, interleaved, row-major: width × height × components bytes. */
  pixels: Uint8Array;
  /** True when the codestream uses the reversible 5/3 wavelet (lossless coding). */
  reversible: boolean;
  container: 'jp2' | 'j2k';
  /** Horizontal resolution from the JP2 'res ' box (capture, else display), in pixels per inch. */
  ppi?: number;
}

export interface DecodeJpeg2000Options {
  /** Pixel cap (default JPEG2000_MAX_PIXELS). */
  maxPixels?: number;
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const CODESTREAM_SIGNATURE = [0xff, 0x4f, 0xff, 0x51];

const startsWith = (b: Uint8Array, sig: readonly number[]) =>
  b.length >= sig.length && sig.every((v, i) => b[i] === v);

/** True for a JP2 file (signature box) or a raw codestream (SOC then SIZ). */
export function isJpeg2000(bytes: Uint8Array): boolean {
  return startsWith(bytes, JP2_SIGNATURE) || startsWith(bytes, CODESTREAM_SIGNATURE);
}

const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number) => u16(b, o) * 65536 + u16(b, o + 2);
const boxType = (b: Uint8Array, o: number) => String.fromCharCode(...b.subarray(o, o + 4));

/** Finds the contiguous codestream box (jp2c) of a JP2 file; bounded walk over the top-level boxes. */
function findCodestream(bytes: Uint8Array): number {
  let o = 0;
  for (let boxes = 0; boxes < 256; boxes++) {
    if (o + 8 > bytes.length) break;
    let length = u32(bytes, o);
    const type = boxType(bytes, o + 4);
    let header = 8;
    if (length === 1) {
      if (o + 16 > bytes.length) break;
      if (u32(bytes, o + 8) !== 0) throw new Jpeg2000Error('TOO_LARGE', `JP2 box ${type} over 4 GiB`);
      length = u32(bytes, o + 12);
      header = 16;
    } else if (length === 0) {
      length = bytes.length - o;
    }
    if (length < header)
      throw new Jpeg2000Error('BAD_HEADER', `JP2 box ${JSON.stringify(type)} of length ${length}`);
    if (type === 'jp2c') return o + header;
    o += length;
  }
  throw new Jpeg2000Error('TRUNCATED', 'JP2 file without a codestream box (jp2c)');
}

/** Child boxes of the box body [start, end): bounded walk, stops at the first malformed box. */
function* boxesIn(
  bytes: Uint8Array,
  start: number,
  end: number,
): Generator<{ type: string; body: number; end: number }> {
  let o = start;
  for (let n = 0; n < 64 && o + 8 <= end; n++) {
    const length = u32(bytes, o) === 0 ? end - o : u32(bytes, o);
    if (length < 8 || o + length > end) return;
    yield { type: boxType(bytes, o + 4), body: o + 8, end: o + length };
    o += length;
  }
}

/**
 * Horizontal resolution recorded in a JP2 file (jp2h → res → resc, else resd), in pixels per
 * inch; undefined for a raw codestream or a file without one. Never throws.
 */
export function jp2ResolutionPpi(bytes: Uint8Array): number | undefined {
  if (!startsWith(bytes, JP2_SIGNATURE)) return undefined;
  for (const top of boxesIn(bytes, 0, bytes.length)) {
    if (top.type !== 'jp2h') continue;
    for (const res of boxesIn(bytes, top.body, top.end)) {
      if (res.type !== 'res ') continue;
      const found = [...boxesIn(bytes, res.body, res.end)].filter((b) => b.end - b.body >= 10);
      const box = found.find((b) => b.type === 'resc') ?? found.find((b) => b.type === 'resd');
      if (!box) return undefined;
      const num = u16(bytes, box.body + 4);
      const den = u16(bytes, box.body + 6);
      const exp = ((bytes[box.body + 9] ?? 0) << 24) >> 24; // signed
      const ppi = den === 0 ? 0 : (num / den) * 10 ** exp * 0.0254; // grid points per metre → per inch
      return Number.isFinite(ppi) && ppi > 0 ? Math.round(ppi * 100) / 100 : undefined;
    }
  }
  return undefined;
}

/** Reads the main header of a JP2 file or raw codestream. Throws Jpeg2000Error, never anything else. */
export function readJpeg2000Header(bytes: Uint8Array): Jpeg2000Header {
  let container: 'jp2' | 'j2k';
  let o: number;
  if (startsWith(bytes, JP2_SIGNATURE)) {
    container = 'jp2';
    o = findCodestream(bytes);
  } else if (startsWith(bytes, CODESTREAM_SIGNATURE)) {
    container = 'j2k';
    o = 0;
  } else {
    throw new Jpeg2000Error('NOT_JPEG2000', 'neither a JP2 signature box nor a codestream SOC/SIZ');
  }
  if (u16(bytes, o) !== 0xff4f || u16(bytes, o + 2) !== 0xff51)
    throw new Jpeg2000Error('BAD_HEADER', 'codestream does not start with SOC then SIZ');
  if (o + 42 > bytes.length) throw new Jpeg2000Error('TRUNCATED', 'codestream shorter than its SIZ segment');
  const lsiz = u16(bytes, o + 4);
  const xsiz = u32(bytes, o + 8);
  const ysiz = u32(bytes, o + 12);
  const x0 = u32(bytes, o + 16);
  const y0 = u32(bytes, o + 20);
  const xt = u32(bytes, o + 24);
  const yt = u32(bytes, o + 28);
  const xt0 = u32(bytes, o + 32);
  const yt0 = u32(bytes, o + 36);
  const count = u16(bytes, o + 40);
  if (count < 1 || count > 16_384 || lsiz !== 38 + 3 * count)
    throw new Jpeg2000Error('BAD_HEADER', `SIZ: ${count} components in a ${lsiz}-byte segment`);
  if (o + 4 + lsiz > bytes.length)
    throw new Jpeg2000Error('TRUNCATED', 'codestream shorter than its SIZ segment');
  if (
    xsiz <= x0 ||
    ysiz <= y0 ||
    xt === 0 ||
    yt === 0 ||
    xt0 > x0 ||
    yt0 > y0 ||
    xt0 + xt <= x0 ||
    yt0 + yt <= y0
  )
    throw new Jpeg2000Error(
      'BAD_HEADER',
      `SIZ: inconsistent grid ${xsiz}×${ysiz} offset ${x0},${y0} tiles ${xt}×${yt}`,
    );
  const components: Jpeg2000Component[] = [];
  for (let c = 0; c < count; c++) {
    const ssiz = bytes[o + 42 + 3 * c] ?? 0;
    const dx = bytes[o + 43 + 3 * c] ?? 0;
    const dy = bytes[o + 44 + 3 * c] ?? 0;
    const precision = (ssiz & 0x7f) + 1;
    if (precision > 38 || dx === 0 || dy === 0)
      throw new Jpeg2000Error(
        'BAD_HEADER',
        `SIZ: component ${c} precision ${precision}, sampling ${dx}×${dy}`,
      );
    components.push({ precision, signed: (ssiz & 0x80) !== 0, dx, dy });
  }
  const tiles = Math.ceil((xsiz - xt0) / xt) * Math.ceil((ysiz - yt0) / yt);
  return { container, width: xsiz - x0, height: ysiz - y0, x0, y0, components, tiles, codestreamOffset: o };
}

/** Refuses what the OpenJPEG wrapper would mishandle (see the module doc) and what is too large. */
function checkDecodable(header: Jpeg2000Header, maxPixels: number): void {
  const { width, height, components } = header;
  if (width * height > maxPixels)
    throw new Jpeg2000Error('TOO_LARGE', `${width}×${height} image over the ${maxPixels}-pixel limit`);
  if (header.tiles > MAX_TILES) throw new Jpeg2000Error('TOO_LARGE', `${header.tiles} tiles`);
  if (header.x0 !== 0 || header.y0 !== 0)
    throw new Jpeg2000Error('UNSUPPORTED', `image offset ${header.x0},${header.y0} on the reference grid`);
  if (components.some((c) => c.signed)) throw new Jpeg2000Error('UNSUPPORTED', 'signed samples');
  const [first, second, third] = components;
  if (first?.dx !== 1 || first.dy !== 1) throw new Jpeg2000Error('UNSUPPORTED', 'subsampled first component');
  if (components.length === 1) {
    if (first.precision > 16) throw new Jpeg2000Error('UNSUPPORTED', `${first.precision}-bit samples`);
    return;
  }
  if (components.length !== 3 || !second || !third)
    throw new Jpeg2000Error(
      'UNSUPPORTED',
      `${components.length} components (only grey or 3-component colour)`,
    );
  if (components.some((c) => c.precision > 8))
    throw new Jpeg2000Error('UNSUPPORTED', 'colour samples deeper than 8 bits');
  const chroma = `${second.dx}x${second.dy}`;
  if (chroma !== `${third.dx}x${third.dy}` || !['1x1', '2x1', '2x2'].includes(chroma))
    throw new Jpeg2000Error('UNSUPPORTED', `component sampling ${chroma} / ${third.dx}x${third.dy}`);
}

// --- The codec (lazily loaded singleton) -------------------------------------------------------

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  isUsingColorTransform?: boolean;
}
interface Deletable {
  delete(): void;
}
interface J2KDecoder extends Deletable {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): ArrayLike<number> & { length: number };
  decode(): void;
  getFrameInfo(): FrameInfo;
  getIsReversible(): boolean;
}
interface J2KEncoder extends Deletable {
  getDecodedBuffer(frameInfo: FrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setDecompositions(n: number): void;
  setQuality(lossless: boolean, layers: number): void;
  setCompressionRatio(layer: number, ratio: number): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
  J2KEncoder: new () => J2KEncoder;
}
type OpenJpegFactory = (options: {
  print: (line: string) => void;
  printErr: (line: string) => void;
}) => Promise<OpenJpegModule>;

let codec: Promise<OpenJpegModule> | undefined;
/** The codec's last diagnostic lines ([ERROR]/[WARNING]), for error messages. */
const messages: string[] = [];

function note(line: string): void {
  if (line.startsWith('[INFO]')) return;
  messages.push(line.trim());
  if (messages.length > 8) messages.shift();
}

async function instantiate(): Promise<OpenJpegModule> {
  try {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as OpenJpegFactory;
    return await factory({ print: note, printErr: note });
  } catch (error) {
    throw new Jpeg2000Error('CODEC_UNAVAILABLE', `OpenJPEG could not be loaded (${String(error)})`, {
      cause: error,
    });
  }
}

function loadCodec(): Promise<OpenJpegModule> {
  if (!codec) {
    const loading = instantiate();
    codec = loading;
    // A failed load is retried on the next call.
    loading.catch(() => {
      if (codec === loading) codec = undefined;
    });
  }
  return codec;
}

/** Frees an embind object; a codec that already trapped may throw here too. */
function release(object: Deletable): void {
  try {
    object.delete();
  } catch {
    codec = undefined;
  }
}

/** Runs `body` on the codec; an exception or trap inside it discards the instance. */
async function withCodec<T>(code: Jpeg2000ErrorCode, body: (m: OpenJpegModule) => T): Promise<T> {
  const m = await loadCodec();
  messages.length = 0;
  try {
    return body(m);
  } catch (error) {
    if (error instanceof Jpeg2000Error) throw error;
    codec = undefined; // C++ exceptions leak and traps corrupt the heap: start afresh next time.
    const detail = typeof error === 'number' ? `native exception` : String(error);
    throw new Jpeg2000Error(code, `${detail}${lastMessage()}`, { cause: error });
  }
}

const lastMessage = () => (messages.length > 0 ? ` (${messages[messages.length - 1]})` : '');

/** Rescales samples of `precision` bits (1..16) to 8 bits. */
function to8Bits(samples: Uint8Array, precision: number, count: number): Uint8Array {
  if (precision === 8) return samples.subarray(0, count);
  const max = 2 ** precision - 1;
  const out = new Uint8Array(count);
  if (precision < 8) {
    for (let i = 0; i < count; i++) out[i] = Math.round((Math.min(samples[i] ?? 0, max) * 255) / max);
    return out;
  }
  const view = new DataView(samples.buffer, samples.byteOffset, count * 2);
  for (let i = 0; i < count; i++)
    out[i] = Math.round((Math.min(view.getUint16(i * 2, true), max) * 255) / max);
  return out;
}

/**
 * Decodes a JP2 file or a raw J2K codestream to 8-bit interleaved grey or RGB pixels. Malformed,
 * oversized or unsupported input ends in a Jpeg2000Error (the promise rejects), never a crash.
 */
export async function decodeJpeg2000(
  bytes: Uint8Array,
  options: DecodeJpeg2000Options = {},
): Promise<DecodedJpeg2000> {
  if (bytes.length > JPEG2000_MAX_BYTES)
    throw new Jpeg2000Error('TOO_LARGE', `${bytes.length} bytes of input`);
  const header = readJpeg2000Header(bytes);
  checkDecodable(header, options.maxPixels ?? JPEG2000_MAX_PIXELS);
  return withCodec('DECODE_FAILED', (m) => {
    const decoder = new m.J2KDecoder();
    try {
      decoder.getEncodedBuffer(bytes.length).set(bytes);
      decoder.decode();
      const info = decoder.getFrameInfo();
      if (info.width === 0 || info.height === 0)
        throw new Jpeg2000Error('DECODE_FAILED', `OpenJPEG could not decode the stream${lastMessage()}`);
      const { width, height, componentCount, bitsPerSample } = info;
      if (width !== header.width || height !== header.height)
        throw new Jpeg2000Error(
          'DECODE_FAILED',
          `decoded ${width}×${height}, header says ${header.width}×${header.height}`,
        );
      if (
        info.isSigned ||
        (componentCount !== 1 && componentCount !== 3) ||
        bitsPerSample < 1 ||
        bitsPerSample > 16
      )
        throw new Jpeg2000Error(
          'UNSUPPORTED',
          `decoded to ${componentCount} × ${bitsPerSample}-bit components`,
        );
      if (componentCount === 3 && bitsPerSample > 8)
        throw new Jpeg2000Error('UNSUPPORTED', 'colour samples deeper than 8 bits');
      const decoded = decoder.getDecodedBuffer();
      const count = width * height * componentCount;
      const expected = count * (bitsPerSample > 8 ? 2 : 1);
      if (decoded.length !== expected)
        throw new Jpeg2000Error(
          'DECODE_FAILED',
          `decoded buffer of ${decoded.length} bytes, expected ${expected}`,
        );
      const copy = new Uint8Array(expected);
      copy.set(decoded);
      return {
        width,
        height,
        components: componentCount,
        bitsPerSample,
        pixels: to8Bits(copy, bitsPerSample, count),
        reversible: decoder.getIsReversible(),
        container: header.container,
        ppi: jp2ResolutionPpi(bytes),
      };
    } finally {
      release(decoder);
    }
  });
}

/** Luma (ITU-R BT.601 weights) of a decoded image; a grey image is returned as it is. */
export function jpeg2000ToGrey(
  image: Pick<DecodedJpeg2000, 'width' | 'height' | 'components' | 'pixels'>,
): Uint8Array {
  if (image.components === 1) return image.pixels;
  const n = image.width * image.height;
  const out = new Uint8Array(n);
  const p = image.pixels;
  for (let i = 0; i < n; i++)
    out[i] = Math.round(0.299 * (p[3 * i] ?? 0) + 0.587 * (p[3 * i + 1] ?? 0) + 0.114 * (p[3 * i + 2] ?? 0));
  return out;
}

// --- Encoding (simulators and tests) -----------------------------------------------------------

export interface EncodeJpeg2000Options {
  /** Reversible 5/3 wavelet (default true); false uses the 9/7 wavelet at `compressionRatio`. */
  lossless?: boolean;
  /** Target ratio for lossy coding (default 10). */
  compressionRatio?: number;
  /** Raw codestream (default) or a minimal JP2 file around it. */
  container?: 'j2k' | 'jp2';
  /** Capture resolution written in the JP2 'res ' box (JP2 only; 1..6553 ppi). */
  ppi?: number;
}

/** Wraps a codestream in a minimal JP2 file: signature, ftyp, jp2h (ihdr, colr), jp2c. */
function wrapJp2(
  codestream: Uint8Array,
  width: number,
  height: number,
  components: 1 | 3,
  bitsPerSample: number,
  ppi?: number,
): Uint8Array {
  const box = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(8 + body.length);
    new DataView(out.buffer).setUint32(0, out.length);
    out.set(
      [...type].map((c) => c.charCodeAt(0)),
      4,
    );
    out.set(body, 8);
    return out;
  };
  const concat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const ihdr = new Uint8Array(14);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, height);
  v.setUint32(4, width);
  v.setUint16(8, components);
  ihdr.set([bitsPerSample - 1, 7, 0, 0], 10); // unsigned depth, compression type 7, colourspace known, no IPR
  const colr = Uint8Array.of(1, 0, 0, 0, 0, 0, 0);
  new DataView(colr.buffer).setUint32(3, components === 3 ? 16 : 17); // sRGB or greyscale
  // resc: grid points per metre = N / D × 10^E, here ppi × 10 / 254 × 10^3, both directions.
  const n = Math.round((ppi ?? 0) * 10);
  const resc = Uint8Array.of(n >> 8, n & 0xff, 0, 254, n >> 8, n & 0xff, 0, 254, 3, 3);
  const res = ppi !== undefined && n > 0 && n <= 0xffff ? [box('res ', box('resc', resc))] : [];
  const ftyp = Uint8Array.of(0x6a, 0x70, 0x32, 0x20, 0, 0, 0, 0, 0x6a, 0x70, 0x32, 0x20);
  return concat(
    Uint8Array.from(JP2_SIGNATURE),
    box('ftyp', ftyp),
    box('jp2h', concat(box('ihdr', ihdr), box('colr', colr), ...res)),
    box('jp2c', codestream),
  );
}

/**
 * Encodes grey or interleaved RGB pixels with OpenJPEG (test data, simulators): 8-bit samples in a
 * Uint8Array, or grey samples of 9 to 16 bits (`bitsPerSample`) in a Uint16Array.
 */
export async function encodeJpeg2000(
  image: {
    width: number;
    height: number;
    components: 1 | 3;
    pixels: Uint8Array | Uint16Array;
    bitsPerSample?: number;
  },
  options: EncodeJpeg2000Options = {},
): Promise<Uint8Array> {
  const { width, height, components, pixels } = image;
  const bitsPerSample = image.bitsPerSample ?? 8;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Jpeg2000Error('ENCODE_FAILED', `invalid size ${width}×${height}`);
  if (width * height > JPEG2000_MAX_PIXELS) throw new Jpeg2000Error('TOO_LARGE', `${width}×${height} image`);
  const deep = bitsPerSample > 8;
  if (
    !Number.isInteger(bitsPerSample) ||
    bitsPerSample < 1 ||
    bitsPerSample > 16 ||
    (deep && components !== 1) ||
    deep !== pixels instanceof Uint16Array
  )
    throw new Jpeg2000Error('ENCODE_FAILED', `${bitsPerSample}-bit samples in a ${pixels.constructor.name}`);
  if (pixels.length !== width * height * components)
    throw new Jpeg2000Error('ENCODE_FAILED', `${pixels.length} samples for ${width}×${height}×${components}`);
  // Little-endian bytes, as the WASM heap holds them.
  const bytes = deep
    ? new Uint8Array(Uint16Array.from(pixels).buffer)
    : new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  if (deep && new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1)
    throw new Jpeg2000Error('ENCODE_FAILED', 'big-endian host');
  const codestream = await withCodec('ENCODE_FAILED', (m) => {
    const encoder = new m.J2KEncoder();
    try {
      // OpenJPEG needs 2^decompositions <= the smaller side.
      encoder.setDecompositions(Math.min(5, Math.floor(Math.log2(Math.min(width, height)))));
      if (options.lossless === false) {
        encoder.setQuality(false, 1);
        encoder.setCompressionRatio(0, options.compressionRatio ?? 10);
      }
      encoder
        .getDecodedBuffer({ width, height, bitsPerSample, componentCount: components, isSigned: false })
        .set(bytes);
      encoder.encode();
      return Uint8Array.from(encoder.getEncodedBuffer());
    } finally {
      release(encoder);
    }
  });
  if (codestream.length === 0)
    throw new Jpeg2000Error('ENCODE_FAILED', `OpenJPEG produced nothing${lastMessage()}`);
  return options.container === 'jp2'
    ? wrapJp2(codestream, width, height, components, bitsPerSample, options.ppi)
    : codestream;
}

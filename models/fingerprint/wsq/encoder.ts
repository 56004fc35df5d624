/**
 * WSQ encoder in the manner of NBIS `cwsq`: shift/scale the pixels to about +/-128, run the
 * forward 9/7 subband decomposition, measure subband variances, derive bin widths from the
 * target bit rate, quantize, build one optimal Huffman table for block 1 and one shared by
 * blocks 2 and 3, and write SOI, NISTCOM, DTT, DQT, SOF, DHT/SOB blocks and EOI in NBIS order.
 */
import { BitWriter } from './bitstream';
import { ByteWriter } from './bytes';
import {
  ANALYSIS_HIGHPASS,
  ANALYSIS_LOWPASS,
  COEFF_SYMBOL_OFFSET,
  DEFAULT_MAX_PIXELS,
  MARKER,
  MAX_HUFFCOEFF,
  MAX_HUFFCOUNTS,
  MAX_HUFFZRUN,
  NUM_SUBBANDS,
  SYM_ESC_NEG8,
  SYM_ESC_NEG16,
  SYM_ESC_POS8,
  SYM_ESC_POS16,
  SYM_ZRUN8,
  SYM_ZRUN16,
} from './constants';
import { WsqError } from './errors';
import { buildEncoder, type HuffmanSpec, specFromCounts } from './huffman';
import { buildNistcom, isNistcom, parseNistcom } from './nistcom';
import { binWidthsForBitrate, blockSizes, quantize, subbandVariances } from './quantization';
import {
  writeBlockHeader,
  writeComment,
  writeFrameHeader,
  writeHuffmanTable,
  writeQuantTable,
  writeRestartInterval,
  writeTransformTable,
} from './tables';
import { buildTrees } from './tree';
import { decompose } from './wavelet';

export interface WsqImage {
  width: number;
  height: number;
  /** 8-bit greyscale pixels, row-major, `width * height` bytes. */
  pixels: Uint8Array;
  /** Scan resolution written to the NISTCOM comment (NBIS writes -1 when unknown). */
  ppi?: number;
}

export interface EncodeOptions {
  /** Target bit rate in bits per pixel (NBIS practice: 0.75 for 15:1, 2.25 for 5:1). */
  bitrate: number;
  /**
   * Extra comment. A NISTCOM text ("NIST_COM ...") is merged into the NISTCOM the encoder
   * writes; any other text is stored in its own COM segment after it.
   */
  comment?: string;
  /** Largest width * height accepted (default 40 megapixels). */
  maxPixels?: number;
  /**
   * Extension, off by default: write a DRT segment and a restart marker (RST0..RST7) after
   * every `restartInterval` Huffman symbols of each block. NBIS `dwsq` cannot read such files.
   */
  restartInterval?: number;
}

/**
 * Smallest width or height the encoder accepts: below 65 pixels the coarsest subbands get
 * fewer samples than the 9-tap analysis filter needs (NBIS would read outside the image).
 */
export const MIN_ENCODE_DIMENSION = 65;

const fr = Math.fround;

type SymbolSink = (symbol: number, extraBits: number, extraValue: number) => void;

/** Emits the Huffman symbols of `coeffs[from..to)` exactly as NBIS `count_block`/`compress_block`. */
function emitSymbols(coeffs: Int16Array, from: number, to: number, sink: SymbolSink): void {
  const loMax = 1 - MAX_HUFFCOEFF;
  const coefficient = (pix: number): void => {
    if (pix > MAX_HUFFCOEFF) {
      if (pix > 255) sink(SYM_ESC_POS16, 16, pix);
      else sink(SYM_ESC_POS8, 8, pix);
    } else if (pix < loMax) {
      if (pix < -255) sink(SYM_ESC_NEG16, 16, -pix);
      else sink(SYM_ESC_NEG8, 8, -pix);
    } else sink(pix + COEFF_SYMBOL_OFFSET, 0, 0);
  };
  const run = (n: number): void => {
    if (n <= MAX_HUFFZRUN) sink(n, 0, 0);
    else if (n <= 0xff) sink(SYM_ZRUN8, 8, n);
    else sink(SYM_ZRUN16, 16, n);
  };
  let inRun = false;
  let rcnt = 0;
  for (let i = from; i < to; i++) {
    const pix = coeffs[i]!;
    if (!inRun) {
      if (pix === 0) {
        inRun = true;
        rcnt = 1;
      } else coefficient(pix);
      continue;
    }
    if (pix === 0 && rcnt < 0xffff) {
      rcnt++;
      continue;
    }
    run(rcnt);
    if (pix !== 0) {
      coefficient(pix);
      inRun = false;
    } else rcnt = 1;
  }
  if (inRun) run(rcnt);
}

function tableFor(coeffs: Int16Array, ranges: Array<[number, number]>): HuffmanSpec {
  const counts = new Float64Array(MAX_HUFFCOUNTS);
  for (const [from, to] of ranges) {
    emitSymbols(coeffs, from, to, (s) => {
      counts[s] = counts[s]! + 1;
    });
  }
  return specFromCounts(counts);
}

function compressBlock(
  coeffs: Int16Array,
  from: number,
  to: number,
  spec: HuffmanSpec,
  restartInterval: number,
): Uint8Array {
  const { code, size } = buildEncoder(spec);
  const bw = new BitWriter(Math.max(1024, (to - from) >> 1));
  let symbols = 0;
  let restarts = 0;
  emitSymbols(coeffs, from, to, (s, extraBits, extraValue) => {
    if (restartInterval > 0 && symbols > 0 && symbols % restartInterval === 0) {
      bw.flush();
      bw.marker(MARKER.RST0 + (restarts++ % 8));
    }
    symbols++;
    bw.write(code[s]!, size[s]!);
    if (extraBits) bw.write(extraValue, extraBits);
  });
  bw.flush();
  return bw.toBytes();
}

function validate(image: WsqImage, options: EncodeOptions): void {
  const { width, height, pixels, ppi } = image;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new WsqError('BAD_DIMENSIONS', `image is ${width}x${height}`);
  }
  if (width > 0xffff || height > 0xffff) throw new WsqError('BAD_DIMENSIONS', 'WSQ stores 16-bit sizes');
  if (width < MIN_ENCODE_DIMENSION || height < MIN_ENCODE_DIMENSION) {
    throw new WsqError(
      'BAD_DIMENSIONS',
      `${width}x${height}: both sides must be at least ${MIN_ENCODE_DIMENSION}`,
    );
  }
  if (width * height > maxPixels)
    throw new WsqError('TOO_LARGE', `${width}x${height} exceeds ${maxPixels} pixels`);
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height) {
    throw new WsqError('INVALID_INPUT', `expected ${width * height} pixel bytes`);
  }
  if (!(Number.isFinite(options.bitrate) && options.bitrate > 0 && options.bitrate <= 8)) {
    throw new WsqError('INVALID_INPUT', `bit rate ${options.bitrate} is not in (0, 8]`);
  }
  if (ppi !== undefined && !(Number.isInteger(ppi) && ppi > 0 && ppi < 100000)) {
    throw new WsqError('INVALID_INPUT', `ppi ${ppi} is not a positive integer`);
  }
  const ri = options.restartInterval;
  if (ri !== undefined && !(Number.isInteger(ri) && ri >= 0 && ri <= 0xffff)) {
    throw new WsqError('INVALID_INPUT', `restart interval ${ri} is not an integer in [0, 65535]`);
  }
}

export function encodeWsq(image: WsqImage, options: EncodeOptions): Uint8Array {
  validate(image, options);
  const { width, height, pixels } = image;
  const numPix = width * height;
  const trees = buildTrees(width, height);

  // NBIS conv_img_2_flt: mean shift and scale to about +/-128, in float32.
  let sum = 0;
  let low = 255;
  let high = 0;
  for (let i = 0; i < numPix; i++) {
    const p = pixels[i]!;
    sum += p;
    if (p < low) low = p;
    if (p > high) high = p;
  }
  const mShift = fr(fr(sum) / fr(numPix));
  const lowDiff = fr(mShift - low);
  const highDiff = fr(high - mShift);
  const rScale = fr(Math.max(lowDiff, highDiff) / 128.0);
  const plane = new Float32Array(numPix);
  if (rScale > 0) {
    for (let i = 0; i < numPix; i++) plane[i] = fr(pixels[i]! - mShift) / rScale;
  }

  decompose(plane, width, height, trees.wTree, ANALYSIS_LOWPASS, ANALYSIS_HIGHPASS);
  const variance = subbandVariances(plane, trees.qTree, width);
  const { qbss, qzbs } = binWidthsForBitrate(variance, options.bitrate);
  // A bin this wide quantizes every coefficient to 0 and cannot be stored in 16 bits: drop it.
  for (let band = 0; band < NUM_SUBBANDS; band++) {
    if (qbss[band]! * 1.2 >= 65535) {
      qbss[band] = 0;
      qzbs[band] = 0;
    }
  }
  const coeffs = quantize(plane, qbss, qzbs, trees.qTree, width);
  const [size1, size2, size3] = blockSizes(qbss, trees.qTree);

  const out = new ByteWriter(Math.max(4096, Math.ceil((numPix * options.bitrate) / 8) + 2048));
  out.u16(MARKER.SOI);
  const comment = options.comment;
  const base = comment !== undefined && isNistcom(comment) ? parseNistcom(comment) : [];
  writeComment(out, buildNistcom({ width, height, ppi: image.ppi ?? null, bitrate: options.bitrate }, base));
  if (comment !== undefined && comment.length > 0 && !isNistcom(comment)) writeComment(out, comment);
  writeTransformTable(out, ANALYSIS_LOWPASS, ANALYSIS_HIGHPASS);
  writeQuantTable(out, qbss, qzbs);
  const restartInterval = options.restartInterval ?? 0;
  if (restartInterval > 0) writeRestartInterval(out, restartInterval);
  writeFrameHeader(out, width, height, mShift, rScale);

  const b1: [number, number] = [0, size1];
  const b2: [number, number] = [size1, size1 + size2];
  const b3: [number, number] = [size1 + size2, size1 + size2 + size3];
  const table0 = tableFor(coeffs, [b1]);
  writeHuffmanTable(out, 0, table0);
  writeBlockHeader(out, 0);
  out.bytes(compressBlock(coeffs, b1[0], b1[1], table0, restartInterval));

  const table1 = tableFor(coeffs, [b2, b3]);
  writeHuffmanTable(out, 1, table1);
  writeBlockHeader(out, 1);
  out.bytes(compressBlock(coeffs, b2[0], b2[1], table1, restartInterval));
  writeBlockHeader(out, 1);
  out.bytes(compressBlock(coeffs, b3[0], b3[1], table1, restartInterval));

  out.u16(MARKER.EOI);
  return out.toBytes();
}

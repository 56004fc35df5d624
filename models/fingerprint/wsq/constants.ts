/**
 * Constants of the FBI WSQ specification (v3) as used by the NIST NBIS reference code:
 * marker codes, subband counts and block boundaries, Huffman symbol layout, the 9/7 analysis
 * filter bank, and the safety limits of this implementation.
 */

export const MARKER = {
  SOI: 0xffa0,
  EOI: 0xffa1,
  SOF: 0xffa2,
  SOB: 0xffa3,
  DTT: 0xffa4,
  DQT: 0xffa5,
  DHT: 0xffa6,
  DRT: 0xffa7,
  COM: 0xffa8,
  /** Restart markers RST0..RST7 (0xffb0..0xffb7) inside entropy-coded data. */
  RST0: 0xffb0,
  RST7: 0xffb7,
} as const;

/** Number of coded subbands (60..63 are never coded by the spec). */
export const NUM_SUBBANDS = 60;
/** Number of subband slots in the quantization table. */
export const MAX_SUBBANDS = 64;
/** First subband of block 2 and block 3 (block 1 is 0..18). */
export const START_SUBBAND_2 = 19;
export const START_SUBBAND_3 = 52;
/** Subbands 0..3 use the region-1 size ratio, 4..50 region 2, 51..59 region 3. */
export const START_SIZE_REGION_2 = 4;
export const START_SIZE_REGION_3 = 51;

/** Number of nodes of the wavelet decomposition tree. */
export const W_TREE_LEN = 20;

/** Huffman layout: 16 code lengths, up to 256 symbols, up to 8 tables. */
export const MAX_HUFFBITS = 16;
export const MAX_HUFFCOUNTS = 256;
export const MAX_DHT_TABLES = 8;
/** Largest coefficient magnitude coded directly (symbols 107..254 hold -73..74). */
export const MAX_HUFFCOEFF = 74;
/** Longest zero run coded directly (symbols 1..100). */
export const MAX_HUFFZRUN = 100;
/** Symbol value = coefficient + COEFF_SYMBOL_OFFSET for directly coded coefficients. */
export const COEFF_SYMBOL_OFFSET = 180;
export const SYM_ESC_POS8 = 101;
export const SYM_ESC_NEG8 = 102;
export const SYM_ESC_POS16 = 103;
export const SYM_ESC_NEG16 = 104;
export const SYM_ZRUN8 = 105;
export const SYM_ZRUN16 = 106;

/** Subband variance below which a subband is discarded by the encoder. */
export const VARIANCE_THRESH = 1.01;

/**
 * Analysis lowpass (9 taps) and highpass (7 taps) filters of the WSQ 9/7 filter bank, as
 * single-precision values (NBIS keeps them in `float`).
 */
export const ANALYSIS_LOWPASS: readonly number[] = [
  0.03782845550699546, -0.02384946501938, -0.11062440441842342, 0.3774028556126538, 0.85269867900940344,
  0.3774028556126538, -0.11062440441842342, -0.02384946501938, 0.03782845550699546,
].map(Math.fround);
export const ANALYSIS_HIGHPASS: readonly number[] = [
  0.06453888262893845, -0.04068941760955844, -0.41809227322221221, 0.78848561640566439, -0.41809227322221221,
  -0.04068941760955844, 0.06453888262893845,
].map(Math.fround);

/** Default cap on width * height accepted by the decoder and encoder (40 megapixels). */
export const DEFAULT_MAX_PIXELS = 40_000_000;
/** Largest filter length accepted in a DTT segment. */
export const MAX_FILTER_TAPS = 64;

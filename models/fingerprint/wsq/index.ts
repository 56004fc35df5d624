/**
 * Recueil's own FBI WSQ codec (WSQ Gray-scale Fingerprint Image Compression Specification v3).
 *
 * Hand-written rather than taken from npm: no maintained JavaScript package decodes WSQ
 * bit-exactly against NIST NBIS and also encodes it, and fingerprint compression is product
 * core for a capture station (records must be readable and writable without native tools).
 * The decoder reproduces NBIS `dwsq` pixel for pixel; the encoder follows NBIS `cwsq`.
 *
 * Modules: errors (WsqError), constants, bytes (segment I/O), bitstream (entropy-coded bits),
 * huffman, tables (marker segments), nistcom, tree (subband geometry), wavelet (transform),
 * quantization, decoder, encoder; test-fixtures holds synthetic images for the unit tests.
 *
 * Exactness note: NBIS computes the dequantization, the inverse transform and the final
 * shift/scale in IEEE single precision. The same computations in double precision differ from
 * the reference by +/-1 on 3 to 64 pixels per sample image, so every step here is rounded with
 * Math.fround (see wavelet.ts).
 */
export type { DecodedWsq, DecodeOptions } from './decoder';
export { decodeWsq } from './decoder';
export type { EncodeOptions, WsqImage } from './encoder';
export { encodeWsq, MIN_ENCODE_DIMENSION } from './encoder';
export type { WsqErrorCode } from './errors';
export { WsqError } from './errors';

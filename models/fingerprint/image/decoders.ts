/**
 * Extension point for fingerprint image formats that `sharp` cannot read
 * (WSQ, ISO/IEC 19794-4 finger image records). A decoder module registers itself
 * here; `loadFingerprintImage` consults the registry before falling back to sharp.
 * Nothing is registered by default: those formats are rejected with
 * UnsupportedImageFormatError until the WSQ module wires its decoder in.
 */
import type { GreyImage } from './grey-image';

/** A decoder for one byte format. */
export interface FingerprintImageDecoder {
  /** Short format name used in error messages, e.g. "wsq". */
  readonly format: string;
  /** True when `bytes` look like this format (magic number check, no full parse). */
  sniff(bytes: Uint8Array): boolean;
  /** Decodes to a greyscale image carrying the resolution recorded in the file. */
  decode(bytes: Uint8Array): GreyImage | Promise<GreyImage>;
}

/** Thrown for a recognised format that no registered decoder handles. */
export class UnsupportedImageFormatError extends Error {
  override readonly name = 'UnsupportedImageFormatError';
  constructor(readonly format: string) {
    super(`fingerprint image format "${format}" is recognised but no decoder is registered for it`);
  }
}

/** Formats recognised by magic number but that need a registered decoder. */
const KNOWN_UNDECODED: ReadonlyArray<{ format: string; sniff: (b: Uint8Array) => boolean }> = [
  // WSQ: SOI marker 0xFFA0 (NIST IR 7043 / FBI IAFIS-IC-0110).
  { format: 'wsq', sniff: (b) => b.length >= 2 && b[0] === 0xff && b[1] === 0xa0 },
  // ISO/IEC 19794-4 finger image record: "FIR\0".
  {
    format: 'iso19794-4',
    sniff: (b) => b.length >= 4 && b[0] === 0x46 && b[1] === 0x49 && b[2] === 0x52 && b[3] === 0,
  },
];

const registry: FingerprintImageDecoder[] = [];

/** Registers a decoder (the latest registration for a format wins). Returns an unregister function. */
export function registerImageDecoder(decoder: FingerprintImageDecoder): () => void {
  registry.unshift(decoder);
  return () => {
    const i = registry.indexOf(decoder);
    if (i >= 0) registry.splice(i, 1);
  };
}

/**
 * Finds the decoder for `bytes`: a registered decoder, or `undefined` when sharp
 * should handle them. Throws UnsupportedImageFormatError for known formats without a decoder.
 */
export function findDecoder(bytes: Uint8Array): FingerprintImageDecoder | undefined {
  const registered = registry.find((d) => d.sniff(bytes));
  if (registered) return registered;
  const known = KNOWN_UNDECODED.find((k) => k.sniff(bytes));
  if (known) throw new UnsupportedImageFormatError(known.format);
  return undefined;
}

/**
 * Minimal Windows BMP reader (sharp's prebuilt libvips has no BMP loader): uncompressed
 * 1/4/8-bit palette and 24/32-bit images, bottom-up or top-down, converted to grey
 * (ITU-R BT.601 luma). Resolution from biXPelsPerMeter when plausible.
 */
import { type GreyImage, ImageDecodeError, MAX_TRUSTED_PPI, MIN_TRUSTED_PPI } from './grey-image';

const BI_RGB = 0;
const BI_BITFIELDS = 3;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export function decodeBmp(bytes: Uint8Array, defaultPpi: number): GreyImage {
  if (bytes.length < 54) throw new ImageDecodeError('BMP: truncated header');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = v.getUint32(10, true);
  const dibSize = v.getUint32(14, true);
  if (dibSize < 40) throw new ImageDecodeError(`BMP: unsupported DIB header of ${dibSize} bytes`);
  const width = v.getInt32(18, true);
  const rawHeight = v.getInt32(22, true);
  const bpp = v.getUint16(28, true);
  const compression = v.getUint32(30, true);
  const xppm = v.getInt32(38, true);
  const colorsUsed = v.getUint32(46, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0 || width > 20000 || height > 20000) {
    throw new ImageDecodeError(`BMP: invalid size ${width}x${rawHeight}`);
  }
  if (![1, 4, 8, 24, 32].includes(bpp)) throw new ImageDecodeError(`BMP: unsupported ${bpp} bits per pixel`);
  if (!(compression === BI_RGB || (compression === BI_BITFIELDS && bpp === 32))) {
    throw new ImageDecodeError(`BMP: unsupported compression ${compression}`);
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw new ImageDecodeError('BMP: truncated pixel data');
  const luma = (r: number, g: number, b: number) => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  let palette: Uint8Array | undefined;
  if (bpp <= 8) {
    const entries = colorsUsed || 1 << bpp;
    const start = 14 + dibSize;
    if (start + entries * 4 > dataOffset) throw new ImageDecodeError('BMP: truncated palette');
    palette = new Uint8Array(entries);
    for (let k = 0; k < entries; k++) {
      palette[k] = luma(bytes[start + 4 * k + 2]!, bytes[start + 4 * k + 1]!, bytes[start + 4 * k]!);
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      let g: number;
      if (palette) {
        const bitPos = x * bpp;
        const byte = bytes[row + (bitPos >> 3)]!;
        const index = bpp === 8 ? byte : (byte >> (8 - bpp - (bitPos & 7))) & ((1 << bpp) - 1);
        g = palette[index] ?? 0;
      } else {
        const o = row + x * (bpp >> 3);
        g = luma(bytes[o + 2]!, bytes[o + 1]!, bytes[o]!);
      }
      pixels[y * width + x] = g;
    }
  }
  const ppiFromFile = xppm * 0.0254;
  const ppi =
    ppiFromFile >= MIN_TRUSTED_PPI && ppiFromFile <= MAX_TRUSTED_PPI ? Math.round(ppiFromFile) : defaultPpi;
  return { width, height, ppi, pixels };
}

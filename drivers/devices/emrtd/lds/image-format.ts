/**
 * Image format sniffing and dimensions without decoding: JPEG (SOFn), JPEG 2000 (JP2 `ihdr` box or
 * raw codestream SIZ), PNG (IHDR) and WSQ (SOF marker FFA2). Used to report DG2/DG3 images and
 * cross-check their record headers; bounded loops over the bytes, never throws.
 */
export type ImageFormat = 'jpeg' | 'jpeg2000' | 'png' | 'wsq' | 'raw' | 'unknown';

export interface ImageDimensions {
  format: ImageFormat;
  width?: number;
  height?: number;
}

const u16 = (b: Uint8Array, o: number) => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u32 = (b: Uint8Array, o: number) => u16(b, o) * 65536 + u16(b, o + 2);

function jpeg(bytes: Uint8Array): ImageDimensions {
  let o = 2;
  while (o + 4 <= bytes.length) {
    if (bytes[o] !== 0xff) return { format: 'jpeg' };
    const marker = bytes[o + 1]!;
    if (marker === 0xff) {
      o += 1;
      continue;
    }
    const length = u16(bytes, o + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (o + 9 > bytes.length) return { format: 'jpeg' };
      return { format: 'jpeg', height: u16(bytes, o + 5), width: u16(bytes, o + 7) };
    }
    if (length < 2) return { format: 'jpeg' };
    o += 2 + length;
  }
  return { format: 'jpeg' };
}

function codestream(bytes: Uint8Array, o: number): ImageDimensions {
  // FF4F (SOC) FF51 (SIZ) Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz
  if (u16(bytes, o) !== 0xff4f || u16(bytes, o + 2) !== 0xff51 || o + 24 > bytes.length)
    return { format: 'jpeg2000' };
  const x = u32(bytes, o + 8);
  const y = u32(bytes, o + 12);
  const x0 = u32(bytes, o + 16);
  const y0 = u32(bytes, o + 20);
  return { format: 'jpeg2000', width: x - x0, height: y - y0 };
}

function jp2(bytes: Uint8Array): ImageDimensions {
  let o = 0;
  for (let boxes = 0; boxes < 64 && o + 8 <= bytes.length; boxes++) {
    let length = u32(bytes, o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    let header = 8;
    if (length === 1) {
      length = u32(bytes, o + 12);
      header = 16;
    }
    if (type === 'jp2h') {
      // Super box: ihdr comes first inside.
      const inner = o + header;
      if (String.fromCharCode(...bytes.subarray(inner + 4, inner + 8)) === 'ihdr')
        return { format: 'jpeg2000', height: u32(bytes, inner + 8), width: u32(bytes, inner + 12) };
    }
    if (type === 'jp2c') return codestream(bytes, o + header);
    if (length === 0 || length < header) break;
    o += length;
  }
  return { format: 'jpeg2000' };
}

function wsq(bytes: Uint8Array): ImageDimensions {
  let o = 2;
  for (let segments = 0; segments < 256 && o + 4 <= bytes.length; segments++) {
    const marker = u16(bytes, o);
    if ((marker & 0xff00) !== 0xff00) break;
    if (marker === 0xffa2) return { format: 'wsq', height: u16(bytes, o + 6), width: u16(bytes, o + 8) };
    const length = u16(bytes, o + 2);
    if (length < 2) break;
    o += 2 + length;
  }
  return { format: 'wsq' };
}

export function sniffImage(bytes: Uint8Array): ImageDimensions {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpeg(bytes);
  if (u32(bytes, 0) === 12 && u32(bytes, 4) === 0x6a502020) return jp2(bytes);
  if (u16(bytes, 0) === 0xff4f) return codestream(bytes, 0);
  if (u32(bytes, 0) === 0x89504e47 && u32(bytes, 4) === 0x0d0a1a0a)
    return { format: 'png', width: u32(bytes, 16), height: u32(bytes, 20) };
  if (bytes[0] === 0xff && bytes[1] === 0xa0) return wsq(bytes);
  return { format: 'unknown' };
}

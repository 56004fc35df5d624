/**
 * The ISO/IEC 19794-5 token of a scanned photo: eye midpoint at (W/2, 0.6 W), height W / 0.75,
 * width 4 x the inter-eye distance, at the scan's own sampling (never upscaled; downscaled to
 * 1244 px wide when a 1200 dpi scan gives more). The photo is already deskewed by its paper
 * edges, so the head's own roll in the photo stays (the checker judges it). Token pixels beyond
 * the photo are padded with the photo's nearest edge pixels (ISO padding) and counted.
 */
import sharp from 'sharp';
import type { Point } from '../face/detector/types';
import { createRgbImage, type Rect, type RgbImage } from '../face/image/rgb-image';

export interface ScanToken {
  readonly image: RgbImage;
  /** Token pixels per photo pixel (<= 1). */
  readonly scale: number;
  /** Share of the token padded (outside the photo). */
  readonly paddedFraction: number;
  /** Eyes in token pixels. */
  readonly eyes: { readonly right: Point; readonly left: Point };
}

export const ISO_TOKEN = { iedRatio: 0.25, eyeLineRatio: 0.45, aspect: 0.75, maxWidth: 1244 } as const;

export async function scanToken(
  photo: RgbImage,
  content: Rect,
  eyes: { right: Point; left: Point },
): Promise<ScanToken> {
  const ied = Math.hypot(eyes.left.x - eyes.right.x, eyes.left.y - eyes.right.y);
  const nativeWidth = Math.round(ied / ISO_TOKEN.iedRatio);
  const scale = Math.min(1, ISO_TOKEN.maxWidth / nativeWidth);
  let src = photo;
  let box = content;
  if (scale < 1) {
    const w = Math.max(1, Math.round(photo.width * scale));
    const h = Math.max(1, Math.round(photo.height * scale));
    const data = await sharp(photo.data, { raw: { width: photo.width, height: photo.height, channels: 3 } })
      .resize(w, h, { fit: 'fill', kernel: 'lanczos3' })
      .raw()
      .toBuffer();
    src = createRgbImage(w, h, new Uint8Array(data.buffer, data.byteOffset, data.length));
    box = {
      left: content.left * scale,
      top: content.top * scale,
      width: content.width * scale,
      height: content.height * scale,
    };
  }
  const W = Math.round(nativeWidth * scale);
  const H = Math.round(W / ISO_TOKEN.aspect);
  const mid = {
    x: ((eyes.left.x + eyes.right.x) / 2) * scale,
    y: ((eyes.left.y + eyes.right.y) / 2) * scale,
  };
  const dx = mid.x - W / 2;
  const dy = mid.y - ISO_TOKEN.eyeLineRatio * H;
  const out = new Uint8Array(W * H * 3);
  // the photo's outermost pixels blend into the paper around it: pad from a little inside
  const inset = 2 + 0.003 * Math.max(box.width, box.height);
  const x0 = Math.ceil(box.left + inset);
  const y0 = Math.ceil(box.top + inset);
  const x1 = Math.floor(box.left + box.width - inset) - 1;
  const y1 = Math.floor(box.top + box.height - inset) - 1;
  let padded = 0;
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      let sx = Math.round(X + dx);
      let sy = Math.round(Y + dy);
      if (sx < x0 || sx > x1 || sy < y0 || sy > y1) padded++;
      sx = Math.min(x1, Math.max(x0, sx));
      sy = Math.min(y1, Math.max(y0, sy));
      const s = (sy * src.width + sx) * 3;
      const o = (Y * W + X) * 3;
      out[o] = src.data[s]!;
      out[o + 1] = src.data[s + 1]!;
      out[o + 2] = src.data[s + 2]!;
    }
  }
  const shift = (p: Point) => ({ x: p.x * scale - dx, y: p.y * scale - dy });
  return {
    image: createRgbImage(W, H, out),
    scale,
    paddedFraction: padded / (W * H),
    eyes: { right: shift(eyes.right), left: shift(eyes.left) },
  };
}

export async function encodeToken(token: ScanToken): Promise<Buffer> {
  const { width, height, data } = token.image;
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

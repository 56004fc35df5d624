/**
 * YUV4MPEG2 (Y4M) writer: the file format Chromium's fake video capture device plays
 * (`--use-file-for-fake-video-capture`). The simulated camera of demo mode and of the end-to-end
 * tests is a Y4M file that the project generates from RGB frames (BT.601, 4:2:0 chroma).
 */
export interface RgbFrame {
  width: number;
  height: number;
  /** Packed RGB, 3 bytes per pixel, row-major. */
  rgb: Uint8Array;
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** Converts one RGB frame to planar I420 (Y, then U and V at half resolution). */
export function rgbToI420(frame: RgbFrame): Uint8Array {
  const { width: w, height: h, rgb } = frame;
  if (w % 2 !== 0 || h % 2 !== 0) throw new RangeError('Y4M 4:2:0 frames need even dimensions');
  if (rgb.length !== w * h * 3) throw new RangeError(`expected ${w * h * 3} RGB bytes, got ${rgb.length}`);
  const out = new Uint8Array(w * h + (w * h) / 2);
  const uOffset = w * h;
  const vOffset = uOffset + (w * h) / 4;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const r = rgb[i]!;
      const g = rgb[i + 1]!;
      const b = rgb[i + 2]!;
      out[y * w + x] = clamp(0.257 * r + 0.504 * g + 0.098 * b + 16);
    }
  }
  for (let y = 0; y < h; y += 2) {
    for (let x = 0; x < w; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((y + dy) * w + x + dx) * 3;
        r += rgb[i]!;
        g += rgb[i + 1]!;
        b += rgb[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = (y / 2) * (w / 2) + x / 2;
      out[uOffset + c] = clamp(-0.148 * r - 0.291 * g + 0.439 * b + 128);
      out[vOffset + c] = clamp(0.439 * r - 0.368 * g - 0.071 * b + 128);
    }
  }
  return out;
}

export function encodeY4m(frames: RgbFrame[], fps = 30): Buffer {
  const first = frames[0];
  if (!first) throw new RangeError('a Y4M stream needs at least one frame');
  const header = Buffer.from(
    `YUV4MPEG2 W${first.width} H${first.height} F${fps}:1 Ip A1:1 C420jpeg\n`,
    'ascii',
  );
  const parts: Buffer[] = [header];
  for (const frame of frames) {
    if (frame.width !== first.width || frame.height !== first.height)
      throw new RangeError('all frames must share one size');
    parts.push(Buffer.from('FRAME\n', 'ascii'), Buffer.from(rgbToI420(frame)));
  }
  return Buffer.concat(parts);
}

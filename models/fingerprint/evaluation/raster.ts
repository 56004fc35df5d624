/**
 * A tiny RGB raster for the evaluation figures (DET curves, failure-case pairs): pixels,
 * thick lines, open squares and text in a built-in 3x5 bitmap font. No font or canvas
 * dependency; encode `data` with sharp.
 */

export type Rgb = readonly [number, number, number];

export interface RawRgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

// 3x5 glyphs, rows top to bottom, 3 bits per row (MSB = left).
const GLYPHS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  '.': [0, 0, 0, 0, 2],
  '%': [5, 1, 2, 4, 5],
  _: [0, 0, 0, 0, 7],
  '-': [0, 0, 7, 0, 0],
  '/': [1, 1, 2, 4, 4],
  ':': [0, 2, 0, 2, 0],
  '=': [0, 7, 0, 7, 0],
  A: [2, 5, 7, 5, 5],
  B: [6, 5, 6, 5, 6],
  C: [7, 4, 4, 4, 7],
  D: [6, 5, 5, 5, 6],
  E: [7, 4, 6, 4, 7],
  F: [7, 4, 6, 4, 4],
  G: [7, 4, 5, 5, 7],
  H: [5, 5, 7, 5, 5],
  I: [7, 2, 2, 2, 7],
  J: [1, 1, 1, 5, 7],
  K: [5, 5, 6, 5, 5],
  L: [4, 4, 4, 4, 7],
  M: [5, 7, 7, 5, 5],
  N: [7, 5, 5, 5, 5],
  O: [7, 5, 5, 5, 7],
  P: [7, 5, 7, 4, 4],
  Q: [7, 5, 5, 7, 1],
  R: [6, 5, 6, 5, 5],
  S: [7, 4, 7, 1, 7],
  T: [7, 2, 2, 2, 2],
  U: [5, 5, 5, 5, 7],
  V: [5, 5, 5, 5, 2],
  W: [5, 5, 7, 7, 5],
  X: [5, 5, 2, 5, 5],
  Y: [5, 5, 2, 2, 2],
  Z: [7, 1, 2, 4, 7],
  '(': [1, 2, 2, 2, 1],
  ')': [4, 2, 2, 2, 4],
  '+': [0, 2, 7, 2, 0],
  ',': [0, 0, 0, 2, 4],
  ' ': [0, 0, 0, 0, 0],
};

export class Canvas implements RawRgbImage {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: number = 255,
  ) {
    this.data = new Uint8Array(width * height * 3).fill(background);
  }

  set(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    const o = (yi * this.width + xi) * 3;
    this.data[o] = c[0];
    this.data[o + 1] = c[1];
    this.data[o + 2] = c[2];
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let dx = -(thick >> 1); dx <= thick >> 1; dx++) {
        for (let dy = -(thick >> 1); dy <= thick >> 1; dy++) this.set(x + dx, y + dy, c);
      }
    }
  }

  /** Open square of half-size r centred at (x, y). */
  square(x: number, y: number, r: number, c: Rgb): void {
    this.line(x - r, y - r, x + r, y - r, c);
    this.line(x + r, y - r, x + r, y + r, c);
    this.line(x + r, y + r, x - r, y + r, c);
    this.line(x - r, y + r, x - r, y - r, c);
  }

  text(s: string, x: number, y: number, scale = 2, c: Rgb = [0, 0, 0]): void {
    let cx = x;
    for (const ch of s.toUpperCase()) {
      const g = GLYPHS[ch] ?? GLYPHS[' ']!;
      for (let r = 0; r < 5; r++) {
        for (let b = 0; b < 3; b++) {
          if (!((g[r]! >> (2 - b)) & 1)) continue;
          for (let sx = 0; sx < scale; sx++)
            for (let sy = 0; sy < scale; sy++) this.set(cx + b * scale + sx, y + r * scale + sy, c);
        }
      }
      cx += 4 * scale;
    }
  }

  /** Copies an 8-bit greyscale image with its top-left corner at (ox, oy). */
  drawGrey(pixels: Uint8Array, w: number, h: number, ox: number, oy: number): void {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = pixels[y * w + x]!;
        this.set(ox + x, oy + y, [v, v, v]);
      }
    }
  }
}

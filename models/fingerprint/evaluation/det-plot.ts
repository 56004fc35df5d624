/**
 * Renders DET curves (FNMR against FMR, both on log axes) into a raw RGB buffer,
 * with decade grid lines, tick labels in a tiny built-in bitmap font and optional
 * marked operating points. No font or canvas dependency; encode the buffer with sharp.
 */
import type { ErrorRates } from './metrics';

export interface DetSeries {
  readonly points: readonly ErrorRates[];
  readonly color: readonly [number, number, number];
}

export interface DetMarker {
  readonly fmr: number;
  readonly fnmr: number;
  readonly color: readonly [number, number, number];
}

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
  F: [7, 4, 6, 4, 4],
  M: [5, 7, 7, 5, 5],
  N: [7, 5, 5, 5, 5],
  R: [6, 5, 6, 5, 5],
  ' ': [0, 0, 0, 0, 0],
};

const WIDTH = 640;
const HEIGHT = 560;
const LEFT = 80;
const RIGHT = 24;
const TOP = 24;
const BOTTOM = 64;
const X_MIN_DECADE = -4; // FMR 0.01 %
const Y_MIN_DECADE = -3; // FNMR 0.1 %

export function renderDetPlot(series: readonly DetSeries[], markers: readonly DetMarker[] = []): RawRgbImage {
  const data = new Uint8Array(WIDTH * HEIGHT * 3).fill(255);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const px = (fmr: number) =>
    LEFT + ((Math.log10(Math.max(fmr, 10 ** X_MIN_DECADE)) - X_MIN_DECADE) / -X_MIN_DECADE) * plotW;
  const py = (fnmr: number) =>
    TOP + plotH - ((Math.log10(Math.max(fnmr, 10 ** Y_MIN_DECADE)) - Y_MIN_DECADE) / -Y_MIN_DECADE) * plotH;

  const set = (x: number, y: number, c: readonly [number, number, number]) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= WIDTH || yi >= HEIGHT) return;
    const o = (yi * WIDTH + xi) * 3;
    data[o] = c[0];
    data[o + 1] = c[1];
    data[o + 2] = c[2];
  };
  const line = (
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    c: readonly [number, number, number],
    thick = 1,
  ) => {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let s = 0; s <= steps; s++) {
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      for (let dx = -(thick >> 1); dx <= thick >> 1; dx++) {
        for (let dy = -(thick >> 1); dy <= thick >> 1; dy++) set(x + dx, y + dy, c);
      }
    }
  };
  const text = (s: string, x: number, y: number, scale = 2) => {
    let cx = x;
    for (const ch of s) {
      const g = GLYPHS[ch] ?? GLYPHS[' ']!;
      for (let r = 0; r < 5; r++) {
        for (let b = 0; b < 3; b++) {
          if (!((g[r]! >> (2 - b)) & 1)) continue;
          for (let sx = 0; sx < scale; sx++)
            for (let sy = 0; sy < scale; sy++) set(cx + b * scale + sx, y + r * scale + sy, [0, 0, 0]);
        }
      }
      cx += 4 * scale;
    }
  };
  const grey: [number, number, number] = [210, 210, 210];
  const labels = ['0.01%', '0.1%', '1%', '10%', '100%'];
  for (let d = X_MIN_DECADE; d <= 0; d++) {
    const x = px(10 ** d);
    line(x, TOP, x, TOP + plotH, grey);
    const label = labels[d - X_MIN_DECADE]!;
    text(label, x - label.length * 4, TOP + plotH + 8);
  }
  for (let d = Y_MIN_DECADE; d <= 0; d++) {
    const y = py(10 ** d);
    line(LEFT, y, LEFT + plotW, y, grey);
    const label = labels[d - X_MIN_DECADE]!;
    text(label, LEFT - 8 - label.length * 8, y - 5);
  }
  // Equal-error diagonal.
  line(px(10 ** Y_MIN_DECADE), py(10 ** Y_MIN_DECADE), px(1), py(1), [230, 180, 180]);
  line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, [0, 0, 0]);
  line(LEFT, TOP, LEFT, TOP + plotH, [0, 0, 0]);
  text('FMR', LEFT + plotW / 2 - 12, HEIGHT - 28);
  text('FNMR', LEFT + 8, TOP - 18);

  for (const s of series) {
    // Staircase through the operating points, from high FMR (low threshold) to low FMR.
    let prev: { x: number; y: number } | undefined;
    for (const p of s.points) {
      const cur = { x: px(p.fmr), y: py(p.fnmr) };
      if (prev) {
        line(prev.x, prev.y, cur.x, prev.y, s.color, 3);
        line(cur.x, prev.y, cur.x, cur.y, s.color, 3);
      }
      prev = cur;
      // Beyond the first zero-FMR point the curve only climbs the left axis.
      if (p.fmr === 0) break;
    }
  }
  for (const m of markers) {
    const x = px(m.fmr);
    const y = py(m.fnmr);
    line(x - 7, y - 7, x + 7, y + 7, m.color, 3);
    line(x - 7, y + 7, x + 7, y - 7, m.color, 3);
  }
  return { width: WIDTH, height: HEIGHT, data };
}

/**
 * Renders DET curves (FNMR against FMR, both on log axes) into a raw RGB buffer,
 * with decade grid lines, tick labels and optional marked operating points (see raster.ts).
 */
import type { ErrorRates } from './metrics';
import { Canvas, type RawRgbImage } from './raster';

export type { RawRgbImage } from './raster';

export interface DetSeries {
  readonly points: readonly ErrorRates[];
  readonly color: readonly [number, number, number];
  /** Legend text (capitals, digits and a few signs). */
  readonly label?: string;
}

export interface DetMarker {
  readonly fmr: number;
  readonly fnmr: number;
  readonly color: readonly [number, number, number];
  readonly label?: string;
}

const WIDTH = 640;
const HEIGHT = 560;
const LEFT = 80;
const RIGHT = 24;
const TOP = 24;
const BOTTOM = 64;
const X_MIN_DECADE = -4; // FMR 0.01 %
const Y_MIN_DECADE = -3; // FNMR 0.1 %

export function renderDetPlot(
  series: readonly DetSeries[],
  markers: readonly DetMarker[] = [],
  title?: string,
): RawRgbImage {
  const canvas = new Canvas(WIDTH, HEIGHT);
  const line = canvas.line.bind(canvas);
  const text = canvas.text.bind(canvas);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const px = (fmr: number) =>
    LEFT + ((Math.log10(Math.max(fmr, 10 ** X_MIN_DECADE)) - X_MIN_DECADE) / -X_MIN_DECADE) * plotW;
  const py = (fnmr: number) =>
    TOP + plotH - ((Math.log10(Math.max(fnmr, 10 ** Y_MIN_DECADE)) - Y_MIN_DECADE) / -Y_MIN_DECADE) * plotH;

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
  // Legend, top right, and title, top left.
  const legend = [...series, ...markers].filter((s) => s.label);
  legend.forEach((s, k) => {
    const y = TOP + 12 + k * 18;
    const x = LEFT + plotW - 260;
    canvas.line(x, y + 4, x + 24, y + 4, s.color, 3);
    text(s.label!, x + 32, y);
  });
  if (title) text(title, LEFT + 100, TOP - 18);
  return canvas;
}

/**
 * Failure-case figure: two fingerprint images side by side with their minutiae (square +
 * direction tick; green when paired by the matcher, red otherwise) and a line joining each
 * paired minutia across the two panels, under a caption. Coordinates are those of the
 * templates (the 500 ppi analysed images).
 */
import type { GreyImage } from '../image/grey-image';
import type { FingerprintTemplate } from '../minutiae/types';
import { Canvas, type RawRgbImage, type Rgb } from './raster';

const GAP = 12;
const CAPTION = 22;
const PAIRED: Rgb = [20, 170, 40];
const UNPAIRED: Rgb = [220, 40, 40];
const LINK: Rgb = [40, 120, 255];

export interface PairPlotSide {
  readonly image: GreyImage;
  readonly template: FingerprintTemplate;
}

function drawMinutiae(
  c: Canvas,
  side: PairPlotSide,
  ox: number,
  oy: number,
  paired: ReadonlySet<number>,
): void {
  side.template.minutiae.forEach((m, i) => {
    const colour = paired.has(i) ? PAIRED : UNPAIRED;
    const x = ox + m.x;
    const y = oy + m.y;
    c.square(x, y, 3, colour);
    c.line(x, y, x + 9 * Math.cos(m.angle), y + 9 * Math.sin(m.angle), colour);
  });
}

export function renderPairPlot(
  a: PairPlotSide,
  b: PairPlotSide,
  pairs: readonly (readonly [number, number])[],
  caption: string,
): RawRgbImage {
  const width = a.image.width + GAP + b.image.width;
  const height = CAPTION + Math.max(a.image.height, b.image.height);
  const c = new Canvas(width, height);
  const bx = a.image.width + GAP;
  c.drawGrey(a.image.pixels, a.image.width, a.image.height, 0, CAPTION);
  c.drawGrey(b.image.pixels, b.image.width, b.image.height, bx, CAPTION);
  for (const [i, j] of pairs) {
    const ma = a.template.minutiae[i]!;
    const mb = b.template.minutiae[j]!;
    c.line(ma.x, CAPTION + ma.y, bx + mb.x, CAPTION + mb.y, LINK);
  }
  drawMinutiae(c, a, 0, CAPTION, new Set(pairs.map((p) => p[0])));
  drawMinutiae(c, b, bx, CAPTION, new Set(pairs.map((p) => p[1])));
  c.text(caption, 4, 4, 3);
  return c;
}

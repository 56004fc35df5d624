/**
 * How a signature is drawn, the same everywhere: the one mapping from the pad's tablet units to
 * pixels (uniform scale, the pad's aspect ratio kept, centred), the ink (colour, width from the pen
 * pressure) and the strokes of a point stream. The capture screen's live canvas (renderer), the SVG
 * and PNG renderings of the pad driver and the strokes kept in the dossier all draw through it, so
 * the signature the agent watches is the one that is kept. Pure functions, no dependency.
 */

/** The pad's coordinate range: points run from 0 to maxX and 0 to maxY tablet units. */
export interface TabletExtent {
  maxX: number;
  maxY: number;
}

export interface PixelSize {
  width: number;
  height: number;
}

/** Where the tablet lands in a pixel area: pixel = offset + tablet units × scale. */
export interface Placement {
  scale: number;
  dx: number;
  dy: number;
}

/** The ink of a signature on screen and in the dossier (DSFR blue France). */
export const SIGNATURE_INK = '#000091';

/** Places the whole tablet in `size` at one scale for both axes (the largest that fits), centred. */
export function placeTablet(tablet: TabletExtent, size: PixelSize): Placement {
  if (!(tablet.maxX > 0 && tablet.maxY > 0)) throw new RangeError('the tablet extent must be positive');
  const scale = Math.min(size.width / tablet.maxX, size.height / tablet.maxY);
  return {
    scale,
    dx: (size.width - tablet.maxX * scale) / 2,
    dy: (size.height - tablet.maxY * scale) / 2,
  };
}

/** A point in tablet units, in the pixels of `placement`. */
export function toPixels(placement: Placement, point: { x: number; y: number }): { x: number; y: number } {
  return { x: placement.dx + point.x * placement.scale, y: placement.dy + point.y * placement.scale };
}

/** The pen width at full pressure for a drawing `size` wide (pixels). */
export function fullPressureWidth(size: PixelSize): number {
  return Math.max(1.5, size.width / 250);
}

/**
 * The width of a stroke whose mean pressure is `pressure` (0..1): 40 % of the full width with the
 * lightest touch, all of it at full pressure.
 */
export function inkWidth(pressure: number, penWidth: number): number {
  return penWidth * (0.4 + 0.6 * Math.min(1, Math.max(0, pressure)));
}

/** The strokes of a point stream: each run of consecutive points with the pen down. */
export function splitStrokes<P>(points: readonly P[], down: (point: P) => boolean): P[][] {
  const strokes: P[][] = [];
  let current: P[] | undefined;
  for (const point of points) {
    if (down(point)) {
      current ??= [];
      current.push(point);
    } else if (current) {
      strokes.push(current);
      current = undefined;
    }
  }
  if (current) strokes.push(current);
  return strokes;
}

/**
 * The live signature on the capture screen: the pen points received so far, drawn on the canvas
 * through the one tablet-to-pixel mapping and ink of common/signature, stroke by stroke as the SVG
 * and PNG kept in the dossier draw them. The drawing is redrawn whole on each batch of points, so a
 * stroke's width follows its mean pressure as in the kept rendering.
 */
import {
  fullPressureWidth,
  inkWidth,
  type PixelSize,
  placeTablet,
  SIGNATURE_INK,
  type SignaturePoints,
  splitStrokes,
  toPixels,
} from '../../../../main/contract';

type PenPoint = SignaturePoints['points'][number];

/** The part of the canvas 2D API the drawing uses. */
export type SignatureCanvas = Pick<
  CanvasRenderingContext2D,
  | 'clearRect'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'stroke'
  | 'fill'
  | 'strokeStyle'
  | 'fillStyle'
  | 'lineWidth'
  | 'lineCap'
  | 'lineJoin'
>;

export class LiveSignature {
  #points: PenPoint[] = [];
  #tablet: SignaturePoints['tablet'] | undefined;

  /** Takes a `signature.points` event (a clear wipes what came before). */
  add(event: SignaturePoints): void {
    if (event.cleared) this.#points = [];
    this.#tablet = event.tablet;
    this.#points.push(...event.points);
  }

  clear(): void {
    this.#points = [];
  }

  /** Points received with the pen down. */
  get inkPoints(): number {
    return this.#points.filter((p) => p.down).length;
  }

  draw(context: SignatureCanvas, size: PixelSize): void {
    context.clearRect(0, 0, size.width, size.height);
    if (!this.#tablet) return;
    const placement = placeTablet(this.#tablet, size);
    const penWidth = fullPressureWidth(size);
    context.strokeStyle = SIGNATURE_INK;
    context.fillStyle = SIGNATURE_INK;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of splitStrokes(this.#points, (p) => p.down)) {
      const width = inkWidth(stroke.reduce((sum, p) => sum + p.p, 0) / stroke.length, penWidth);
      const [first, ...rest] = stroke.map((p) => toPixels(placement, p));
      if (!first) continue;
      context.beginPath();
      if (rest.length === 0) {
        // A single-point stroke is a dot, as the SVG's round cap draws it.
        context.arc(first.x, first.y, width / 2, 0, 2 * Math.PI);
        context.fill();
        continue;
      }
      context.lineWidth = width;
      context.moveTo(first.x, first.y);
      for (const p of rest) context.lineTo(p.x, p.y);
      context.stroke();
    }
  }
}

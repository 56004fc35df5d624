/**
 * Pen points → strokes: a stroke is a run of consecutive points with the tip down. Also the
 * tablet-to-output scaling shared by the SVG and PNG renderings.
 */
import type { PenPoint, SignatureCapabilities } from '../../../core/capabilities';

export type Stroke = PenPoint[];

export function toStrokes(points: readonly PenPoint[]): Stroke[] {
  const strokes: Stroke[] = [];
  let current: Stroke | undefined;
  for (const p of points) {
    if (p.inContact) {
      current ??= [];
      current.push(p);
    } else if (current) {
      strokes.push(current);
      current = undefined;
    }
  }
  if (current) strokes.push(current);
  return strokes;
}

export interface OutputSize {
  width: number;
  height: number;
}

/** Scales tablet units to an output of `size`, keeping the tablet's aspect ratio (centred). */
export function tabletToOutput(
  caps: Pick<SignatureCapabilities, 'tabletMaxX' | 'tabletMaxY'>,
  size: OutputSize,
) {
  const scale = Math.min(size.width / caps.tabletMaxX, size.height / caps.tabletMaxY);
  const dx = (size.width - caps.tabletMaxX * scale) / 2;
  const dy = (size.height - caps.tabletMaxY * scale) / 2;
  return (p: { x: number; y: number }) => ({ x: dx + p.x * scale, y: dy + p.y * scale });
}

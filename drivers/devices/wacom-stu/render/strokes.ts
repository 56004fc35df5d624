/**
 * Pen points → strokes: a stroke is a run of consecutive points with the tip down (the split of
 * common/signature, which also holds the tablet-to-pixel mapping every rendering shares).
 */
import { splitStrokes } from '../../../../common/signature/drawing';
import type { PenPoint } from '../../../core/capabilities';

export type Stroke = PenPoint[];

export function toStrokes(points: readonly PenPoint[]): Stroke[] {
  return splitStrokes(points, (p) => p.inContact);
}

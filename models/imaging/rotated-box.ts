/**
 * The bounding box of points in a frame turned by `angle` (u along the angle, v across it): its
 * centre back in image coordinates and its extent along u and v. Shared by the face-mesh crop and
 * the flatbed scan's minimum-area rectangle.
 */
export interface RotatedBox {
  centre: { x: number; y: number };
  /** Extent along u (the angle's direction). */
  width: number;
  /** Extent along v. */
  height: number;
}

export function rotatedBox(points: Iterable<{ x: number; y: number }>, angle: number): RotatedBox {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  let minU = Number.POSITIVE_INFINITY;
  let maxU = Number.NEGATIVE_INFINITY;
  let minV = Number.POSITIVE_INFINITY;
  let maxV = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    const u = p.x * c + p.y * s;
    const v = -p.x * s + p.y * c;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const cu = (minU + maxU) / 2;
  const cv = (minV + maxV) / 2;
  return { centre: { x: cu * c - cv * s, y: cu * s + cv * c }, width: maxU - minU, height: maxV - minV };
}

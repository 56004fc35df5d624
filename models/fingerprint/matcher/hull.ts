/**
 * Convex hull of a point set (Andrew's monotone chain) and the distance-aware
 * containment test (HullTest) MCC uses to decide which cylinder cells lie in the fingerprint area.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/** Convex hull vertices in counter-clockwise order (y up) / clockwise on screen. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (pts.length <= 2) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** Precomputed containment test for "inside the hull or within margin of it". */
export class HullTest {
  private readonly ax: Float64Array;
  private readonly ay: Float64Array;
  private readonly ex: Float64Array;
  private readonly ey: Float64Array;
  private readonly len2: Float64Array;
  private readonly margin2: number;

  constructor(
    hull: readonly Point[],
    readonly margin: number,
  ) {
    const n = hull.length;
    this.ax = new Float64Array(n);
    this.ay = new Float64Array(n);
    this.ex = new Float64Array(n);
    this.ey = new Float64Array(n);
    this.len2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = hull[i]!;
      const b = hull[(i + 1) % n]!;
      this.ax[i] = a.x;
      this.ay[i] = a.y;
      this.ex[i] = b.x - a.x;
      this.ey[i] = b.y - a.y;
      this.len2[i] = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
    }
    this.margin2 = margin * margin;
  }

  contains(x: number, y: number): boolean {
    const n = this.ax.length;
    if (n === 0) return false;
    let inside = n >= 3;
    for (let i = 0; i < n && inside; i++) {
      if (this.ex[i]! * (y - this.ay[i]!) - this.ey[i]! * (x - this.ax[i]!) < 0) inside = false;
    }
    if (inside) return true;
    for (let i = 0; i < n; i++) {
      const px = x - this.ax[i]!;
      const py = y - this.ay[i]!;
      const l2 = this.len2[i]!;
      const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, (px * this.ex[i]! + py * this.ey[i]!) / l2));
      const dx = px - t * this.ex[i]!;
      const dy = py - t * this.ey[i]!;
      if (dx * dx + dy * dy <= this.margin2) return true;
    }
    return false;
  }
}

/**
 * Minutia and template types produced by extraction and consumed by the matcher
 * and the ISO/IEC 19794-2 codec.
 *
 * Conventions (pixel coordinates at 500 ppi, origin top-left, y pointing down):
 * - `angle` is in radians in [0, 2π), measured from the +x axis towards +y (clockwise on
 *   screen). The ISO codec converts to and from the standard's counter-clockwise units.
 * - For a ridge ending the angle points from the end into the ridge body; for a
 *   bifurcation it points from the fork towards the two branches. With this convention a
 *   ridge ending and the valley bifurcation at the same place share the same direction,
 *   so type confusions between impressions keep consistent angles.
 */

export type MinutiaType = 'ending' | 'bifurcation';

export interface Minutia {
  readonly x: number;
  readonly y: number;
  /** Radians in [0, 2π), see module doc. */
  readonly angle: number;
  readonly type: MinutiaType;
  /** Reliability 0..100. */
  readonly quality: number;
}

export interface FingerprintTemplate {
  readonly width: number;
  readonly height: number;
  /** Resolution of the coordinates, pixels per inch (500 after normalisation). */
  readonly ppi: number;
  readonly minutiae: readonly Minutia[];
  /** Optional image quality 0..100 carried into the ISO record's finger quality. */
  readonly quality?: number;
}

export const TWO_PI = Math.PI * 2;

/** Wraps an angle into [0, 2π). */
export function normalizeAngle(a: number): number {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** Signed smallest difference a - b in (-π, π]. */
export function angleDiff(a: number, b: number): number {
  let d = (a - b) % TWO_PI;
  if (d > Math.PI) d -= TWO_PI;
  else if (d <= -Math.PI) d += TWO_PI;
  return d;
}

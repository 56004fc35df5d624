/**
 * Zones of the face and of the background, defined in the face frame (origin at the eye midpoint,
 * unit = IED, x towards the subject's left eye, y towards the chin) so that they follow roll and
 * scale: the face ellipse, the two cheek zones, the two face halves, and the background (above the
 * chin, outside an enlarged head ellipse). A zone is enumerated as pixel indices of the image.
 */
import type { Point } from '../detector/types';
import type { FaceGeometry } from './face-geometry';

export type LocalPredicate = (x: number, y: number) => boolean;

export interface Zone {
  /** Bounding box in face-frame units (used to bound the pixel scan). */
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
  readonly contains: LocalPredicate;
}

/** Eye-to-chin distance in IED. */
export function chinDepth(g: FaceGeometry): number {
  return Math.hypot(g.chin.x - g.eyeMidpoint.x, g.chin.y - g.eyeMidpoint.y) / (g.ied || 1);
}

/** The inner face: an ellipse from the lower forehead to the chin, 1.7 IED wide. */
export function faceEllipse(g: FaceGeometry): Zone {
  const top = -0.45;
  const bottom = chinDepth(g);
  const cy = (top + bottom) / 2;
  const b = ((bottom - top) / 2) * 0.95;
  const a = 0.85;
  return {
    minX: -a,
    maxX: a,
    minY: cy - b,
    maxY: cy + b,
    contains: (x, y) => (x / a) ** 2 + ((y - cy) / b) ** 2 <= 1,
  };
}

/** Cheek zone under one eye, beside the nose: side -1 = subject's right (image left), +1 = left. */
export function cheekZone(g: FaceGeometry, side: -1 | 1): Zone {
  const depth = chinDepth(g);
  const y0 = 0.3 * (depth / 1.75);
  const y1 = 0.75 * (depth / 1.75);
  const x0 = side < 0 ? -0.7 : 0.2;
  const x1 = side < 0 ? -0.2 : 0.7;
  return { minX: x0, maxX: x1, minY: y0, maxY: y1, contains: () => true };
}

/** One half of the face ellipse, without the central band of the nose. */
export function faceHalf(g: FaceGeometry, side: -1 | 1): Zone {
  const e = faceEllipse(g);
  return {
    ...e,
    minX: side < 0 ? e.minX : 0.1,
    maxX: side < 0 ? -0.1 : e.maxX,
    contains: (x, y) => x * side > 0.1 && e.contains(x, y),
  };
}

/** Background: above the chin line, outside the head ellipse enlarged by 30 % in width, 15 % in height. */
export function backgroundZone(g: FaceGeometry, imageWidth: number, imageHeight: number): Zone {
  const ied = g.ied || 1;
  const crownY = -Math.hypot(g.crown.x - g.eyeMidpoint.x, g.crown.y - g.eyeMidpoint.y) / ied;
  const chinY = chinDepth(g);
  const cy = (crownY + chinY) / 2;
  const a = ((g.headWidth / ied) * 1.3) / 2;
  const b = ((chinY - crownY) * 1.15) / 2;
  const far = (imageWidth + imageHeight) / ied;
  return {
    minX: -far,
    maxX: far,
    minY: -far,
    maxY: chinY,
    contains: (x, y) => y < chinY && (x / a) ** 2 + ((y - cy) / b) ** 2 > 1,
  };
}

/** Maps face-frame coordinates to image pixels. */
export function toImage(g: FaceGeometry, x: number, y: number): Point {
  return {
    x: g.eyeMidpoint.x + (x * g.u.x + y * g.v.x) * g.ied,
    y: g.eyeMidpoint.y + (x * g.u.y + y * g.v.y) * g.ied,
  };
}

/**
 * Pixel indices (y * width + x) of an image of the given size inside a zone, scanning every
 * `stride`-th pixel. `scale` maps the geometry to the image (e.g. 0.5 for a half-size image).
 */
export function zonePixels(
  g: FaceGeometry,
  zone: Zone,
  width: number,
  height: number,
  stride = 1,
  scale = 1,
): number[] {
  const corners = [
    toImage(g, zone.minX, zone.minY),
    toImage(g, zone.maxX, zone.minY),
    toImage(g, zone.minX, zone.maxY),
    toImage(g, zone.maxX, zone.maxY),
  ];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x)) * scale));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...corners.map((c) => c.x)) * scale));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y)) * scale));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...corners.map((c) => c.y)) * scale));
  const out: number[] = [];
  const inv = 1 / (g.ied * scale || 1);
  const mx = g.eyeMidpoint.x * scale;
  const my = g.eyeMidpoint.y * scale;
  for (let y = y0; y <= y1; y += stride) {
    for (let x = x0; x <= x1; x += stride) {
      const dx = x - mx;
      const dy = y - my;
      const lx = (dx * g.u.x + dy * g.u.y) * inv;
      const ly = (dx * g.v.x + dy * g.v.y) * inv;
      if (zone.contains(lx, ly)) out.push(y * width + x);
    }
  }
  return out;
}

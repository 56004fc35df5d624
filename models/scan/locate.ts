/**
 * Finds the paper photos on a flatbed scan. The page is averaged into cells of about 0.25 mm;
 * cells that differ from the lid (the page's dominant brightness), once dust specks are opened
 * away, form blobs; each blob's convex
 * hull gives a minimum-area rectangle, whose edges are then refined to a fraction of a cell by
 * fitting lines to the subpixel edge crossings of profiles across each side. A blob is an ID photo
 * when it is a filled rectangle of photo proportions (3:4 to 4:5) and size (20-70 mm when the dpi
 * is known); other large blobs (a document, a hand) are reported as such. Pure functions.
 */
import type { Point } from '../face/detector/types';
import type { RgbImage } from '../face/image/rgb-image';
import { convexHull } from '../fingerprint/matcher/hull';
import { rotatedBox } from '../imaging/rotated-box';

export interface PhotoRect {
  /** Centre, full-resolution pixels. */
  readonly centre: Point;
  /** Unit vector along the photo's width (x axis of the upright photo) and along its height. */
  readonly u: Point;
  readonly v: Point;
  /** Full size along u and v, pixels. */
  readonly width: number;
  readonly height: number;
  /** Rotation of the photo on the glass, degrees, clockwise positive, in (-45, 45]. */
  readonly skewDeg: number;
}

export interface LocateResult {
  readonly photos: PhotoRect[];
  /** Blobs over 15 mm that are not ID photos (a document, several photos touching...). */
  readonly others: number;
  /** Brightness of the lid, 0-255. */
  readonly background: number;
}

interface Coarse {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  /** Full-resolution pixels per cell. */
  readonly cell: number;
}

/** Cells of about 0.25 mm (dpi / 100 pixels; when the dpi is unknown, 1/1200 of the long side). */
export function coarseLuma(image: RgbImage, dpi: number | undefined): Coarse {
  const cell = Math.max(1, Math.round(dpi ? dpi / 100 : Math.max(image.width, image.height) / 1200));
  const width = Math.floor(image.width / cell);
  const height = Math.floor(image.height / cell);
  const data = new Float32Array(width * height);
  const d = image.data;
  const rowSums = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    rowSums.fill(0);
    for (let sy = 0; sy < cell; sy++) {
      let o = (y * cell + sy) * image.width * 3;
      for (let x = 0; x < width; x++) {
        let s = 0;
        for (let sx = 0; sx < cell; sx++, o += 3) s += 0.299 * d[o]! + 0.587 * d[o + 1]! + 0.114 * d[o + 2]!;
        rowSums[x]! += s;
      }
    }
    for (let x = 0; x < width; x++) data[y * width + x] = rowSums[x]! / (cell * cell);
  }
  return { width, height, data, cell };
}

/** The lid's brightness: the mode of the page's cell brightness (the lid covers most of a page). */
function dominantLevel(c: Coarse): number {
  const hist = new Uint32Array(256);
  for (const v of c.data) hist[Math.min(255, Math.round(v))]!++;
  let best = 0;
  for (let i = 1; i < 256; i++) if (hist[i]! > hist[best]!) best = i;
  return best;
}

const LID_DELTA = 14;

export function locatePhotos(image: RgbImage, dpi: number | undefined): LocateResult {
  const c = coarseLuma(image, dpi);
  const background = dominantLevel(c);
  const mask = new Uint8Array(c.width * c.height);
  for (let i = 0; i < mask.length; i++) mask[i] = Math.abs(c.data[i]! - background) > LID_DELTA ? 1 : 0;
  // opening removes dust specks (under 0.75 mm), closing joins the photo's dark and light parts
  const opened = dilate(erode(mask, c.width, c.height, 1), c.width, c.height, 1);
  const closed = erode(dilate(opened, c.width, c.height, 2), c.width, c.height, 2);
  const cellMm = dpi ? (c.cell / dpi) * 25.4 : undefined;
  const photos: PhotoRect[] = [];
  let others = 0;
  for (const blob of components(closed, c.width, c.height)) {
    const minCells = cellMm ? (15 / cellMm) ** 2 : (c.width * c.height) / 400;
    if (blob.area < minCells) continue;
    const rect = minAreaRect(convexHull(blob.corners));
    const short = Math.min(rect.width, rect.height);
    const long = Math.max(rect.width, rect.height);
    const fill = blob.area / (rect.width * rect.height);
    const aspect = short / long;
    const sized = !cellMm || (short * cellMm >= 20 && long * cellMm <= 70);
    if (fill < 0.85 || aspect < 0.6 || aspect > 0.9 || !sized) {
      others++;
      continue;
    }
    photos.push(toFull(refine(c, rect, background), c.cell));
  }
  return { photos, others, background };
}

interface Blob {
  area: number;
  corners: Point[];
}

function dilate(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  return morph(mask, w, h, r, 1);
}

function erode(mask: Uint8Array, w: number, h: number, r: number): Uint8Array {
  return morph(mask, w, h, r, 0);
}

/** Square structuring element, separable: value `hit` spreads over r cells. */
function morph(mask: Uint8Array, w: number, h: number, r: number, hit: 0 | 1): Uint8Array {
  const tmp = new Uint8Array(mask.length);
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 1 - hit;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) if (mask[y * w + k] === hit) v = hit;
      tmp[y * w + x] = v;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let v = 1 - hit;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) if (tmp[k * w + x] === hit) v = hit;
      out[y * w + x] = v;
    }
  return out;
}

/** 4-connected blobs of the mask, with the corners of their boundary cells. */
function components(mask: Uint8Array, w: number, h: number): Blob[] {
  const label = new Int32Array(mask.length);
  const blobs: Blob[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || label[start]) continue;
    const blob: Blob = { area: 0, corners: [] };
    blobs.push(blob);
    label[start] = blobs.length;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      blob.area++;
      let boundary = false;
      for (const [nx, ny] of [
        [x - 1, y],
        [x + 1, y],
        [x, y - 1],
        [x, y + 1],
      ] as const) {
        if (nx < 0 || ny < 0 || nx >= w || ny >= h || !mask[ny * w + nx]) {
          boundary = true;
          continue;
        }
        const j = ny * w + nx;
        if (!label[j]) {
          label[j] = blobs.length;
          stack.push(j);
        }
      }
      if (boundary) blob.corners.push({ x, y }, { x: x + 1, y }, { x, y: y + 1 }, { x: x + 1, y: y + 1 });
    }
  }
  return blobs;
}

interface Rect {
  centre: Point;
  /** Angle of u, radians, in (-pi/4, pi/4]. */
  angle: number;
  width: number;
  height: number;
}

/** Minimum-area rectangle of a convex polygon (one of its sides lies on a hull edge). */
function minAreaRect(hull: Point[]): Rect {
  let best: Rect = { centre: { x: 0, y: 0 }, angle: 0, width: 0, height: 0 };
  let bestArea = Number.POSITIVE_INFINITY;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    let angle = Math.atan2(b.y - a.y, b.x - a.x);
    while (angle > Math.PI / 4) angle -= Math.PI / 2;
    while (angle <= -Math.PI / 4) angle += Math.PI / 2;
    const box = rotatedBox(hull, angle);
    const area = box.width * box.height;
    if (area < bestArea) {
      bestArea = area;
      best = { centre: box.centre, angle, width: box.width, height: box.height };
    }
  }
  return best;
}

function sample(c: Coarse, x: number, y: number): number {
  const cx = Math.min(c.width - 1.001, Math.max(0, x - 0.5));
  const cy = Math.min(c.height - 1.001, Math.max(0, y - 0.5));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const fx = cx - x0;
  const fy = cy - y0;
  const i = y0 * c.width + x0;
  return (
    (c.data[i]! * (1 - fx) + c.data[i + 1]! * fx) * (1 - fy) +
    (c.data[i + c.width]! * (1 - fx) + c.data[i + c.width + 1]! * fx) * fy
  );
}

/**
 * Refines a rectangle: on each side, profiles across the edge give the subpixel point where the
 * brightness crosses halfway from the lid to the photo; a robust line through them gives the
 * side's offset and its small rotation. The sides' rotations are averaged (weighted by points).
 */
function refine(c: Coarse, rect: Rect, background: number): Rect {
  const u = { x: Math.cos(rect.angle), y: Math.sin(rect.angle) };
  const v = { x: -u.y, y: u.x };
  const a = rect.width / 2;
  const b = rect.height / 2;
  const sides = [
    { normal: { x: -v.x, y: -v.y }, along: u, half: a, dist: b, sign: 1 }, // top
    { normal: v, along: u, half: a, dist: b, sign: 1 }, // bottom
    { normal: { x: -u.x, y: -u.y }, along: v, half: b, dist: a, sign: -1 }, // left
    { normal: u, along: v, half: b, dist: a, sign: -1 }, // right
  ];
  const shifts: number[] = [];
  let rotation = 0;
  let weight = 0;
  for (const side of sides) {
    const pts: { t: number; d: number }[] = [];
    for (let k = 0; k < 30; k++) {
      const t = (-0.8 + (1.6 * (k + 0.5)) / 30) * side.half;
      const base = {
        x: rect.centre.x + side.along.x * t + side.normal.x * side.dist,
        y: rect.centre.y + side.along.y * t + side.normal.y * side.dist,
      };
      const d = edgeCrossing(c, base, side.normal, background);
      if (d !== undefined) pts.push({ t, d });
    }
    const fit = robustLine(pts);
    shifts.push(fit ? fit.p : 0);
    if (fit && pts.length >= 10) {
      // outward shift on top/left is a shift toward -v / -u
      rotation += side.sign * (side === sides[0] || side === sides[2] ? -fit.q : fit.q) * pts.length;
      weight += pts.length;
    }
  }
  const [top, bottom, left, right] = shifts as [number, number, number, number];
  const dv = (bottom - top) / 2;
  const du = (right - left) / 2;
  return {
    centre: { x: rect.centre.x + u.x * du + v.x * dv, y: rect.centre.y + u.y * du + v.y * dv },
    angle: rect.angle + (weight > 0 ? rotation / weight : 0),
    width: rect.width + left + right,
    height: rect.height + top + bottom,
  };
}

/**
 * Along the outward normal from `base` (-3..+3 cells), where the brightness is halfway between
 * the photo (inside) and the lid (outside): the outward distance from base, or undefined when the
 * profile has no clear edge.
 */
function edgeCrossing(c: Coarse, base: Point, normal: Point, background: number): number | undefined {
  const step = 0.25;
  const values: number[] = [];
  for (let s = -3; s <= 3 + 1e-9; s += step)
    values.push(sample(c, base.x + normal.x * s, base.y + normal.y * s));
  const inside = values[0]!;
  const outside = values[values.length - 1]!;
  if (Math.abs(outside - background) > LID_DELTA || Math.abs(inside - outside) < LID_DELTA) return undefined;
  const level = (inside + outside) / 2;
  for (let i = values.length - 2; i >= 0; i--) {
    const p = values[i]!;
    const q = values[i + 1]!;
    if ((p - level) * (q - level) <= 0 && p !== q) return -3 + (i + (p - level) / (p - q)) * step;
  }
  return undefined;
}

/** d = p + q t, least squares, refitted once without points over 3 median deviations away. */
function robustLine(pts: { t: number; d: number }[]): { p: number; q: number } | undefined {
  const fit = (s: { t: number; d: number }[]) => {
    if (s.length < 4) return undefined;
    const n = s.length;
    const mt = s.reduce((x, p) => x + p.t, 0) / n;
    const md = s.reduce((x, p) => x + p.d, 0) / n;
    let stt = 0;
    let std = 0;
    for (const p of s) {
      stt += (p.t - mt) ** 2;
      std += (p.t - mt) * (p.d - md);
    }
    const q = stt > 0 ? std / stt : 0;
    return { p: md - q * mt, q };
  };
  const first = fit(pts);
  if (!first) return undefined;
  const residuals = pts.map((p) => Math.abs(p.d - (first.p + first.q * p.t)));
  const mad = [...residuals].sort((x, y) => x - y)[Math.floor(residuals.length / 2)]!;
  return fit(pts.filter((_, i) => residuals[i]! <= Math.max(0.1, 3 * mad))) ?? first;
}

function toFull(rect: Rect, cell: number): PhotoRect {
  const u = { x: Math.cos(rect.angle), y: Math.sin(rect.angle) };
  return {
    centre: { x: rect.centre.x * cell - 0.5, y: rect.centre.y * cell - 0.5 },
    u,
    v: { x: -u.y, y: u.x },
    width: rect.width * cell,
    height: rect.height * cell,
    skewDeg: Math.round(((rect.angle * 180) / Math.PI) * 100) / 100,
  };
}

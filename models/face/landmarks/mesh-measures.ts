/**
 * What the face mesh says about a portrait, as pure functions of its points (and the picture for
 * the pixel measures): head pose from the 3D mesh, chin and crown from the face contour, eyelid and
 * inner-lip openings, iris gaze, teeth and smile for the expression, reflections on the eye
 * region, and skin on the forehead (head covering). Distances are in eye-to-chin lengths, as OFIQ
 * normalises its eyes-open and mouth-closed measures.
 */
import type { Point } from '../detector/types';
import type { RgbImage } from '../image/rgb-image';
import type { EyeLandmarks, FaceMeshResult, Point3 } from './face-mesh';
import {
  INNER_LIP_LOOP,
  INNER_LIPS,
  LEFT_EYE_RING,
  LEFT_EYELIDS,
  MESH,
  RIGHT_EYE_RING,
  RIGHT_EYELIDS,
} from './mesh-indices';

export interface MeshPose {
  readonly yawDeg: number;
  readonly pitchDeg: number;
  readonly rollDeg: number;
}

export interface MeshFrame {
  /** Unit vector along the eye line (subject's right -> left) and its perpendicular towards the chin. */
  readonly u: Point;
  readonly v: Point;
  readonly eyeMidpoint: Point;
  /** Eye midpoint to chin, pixels (the normalising length). */
  readonly eyeToChin: number;
}

const toDeg = (r: number) => (r * 180) / Math.PI;
const sub = (a: Point3, b: Point3) => ({ x: a.x - b.x, y: a.y - b.y, z: a.z - b.z });
const norm = (a: Point3) => Math.hypot(a.x, a.y, a.z) || 1;
const unit = (a: Point3) => {
  const n = norm(a);
  return { x: a.x / n, y: a.y / n, z: a.z / n };
};
const dot = (a: Point3, b: Point3) => a.x * b.x + a.y * b.y + a.z * b.z;
const mid = (a: Point, b: Point) => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/**
 * Pitch of the forehead-to-chin line of a neutral upright face in the MediaPipe canonical mesh
 * (the chin sits in front of the forehead): subtracted so that a frontal head reads 0.
 */
export const NEUTRAL_PITCH_OFFSET_DEG = 0;

/**
 * Head pose from the mesh: the eye-line axis (outer eye corners) and the face's vertical axis
 * (forehead to chin, made orthogonal to it) span the face plane; its normal gives yaw and pitch.
 * Signs as the keypoint geometry: yaw > 0 turned to the subject's left (nose to image right),
 * pitch > 0 chin down, roll > 0 subject's left eye lower.
 */
export function meshPose(points: readonly Point3[]): MeshPose {
  const p = (i: number) => points[i]!;
  const x = unit(sub(p(MESH.leftEyeOuter), p(MESH.rightEyeOuter)));
  const down = sub(p(MESH.chin), p(MESH.forehead));
  const k = dot(down, x);
  const y = unit({ x: down.x - k * x.x, y: down.y - k * x.y, z: down.z - k * x.z });
  // normal towards the camera: -(x cross y) with x right, y down, z away from the camera
  const n = { x: -(x.y * y.z - x.z * y.y), y: -(x.z * y.x - x.x * y.z), z: -(x.x * y.y - x.y * y.x) };
  const yaw = Math.atan2(n.x, -n.z);
  const pitch = Math.atan2(n.y, Math.hypot(n.x, n.z));
  return {
    yawDeg: toDeg(yaw),
    pitchDeg: toDeg(pitch) - NEUTRAL_PITCH_OFFSET_DEG,
    rollDeg: toDeg(Math.atan2(x.y, x.x)),
  };
}

export function meshFrame(points: readonly Point3[]): MeshFrame {
  const r = mid(points[MESH.rightEyeOuter]!, points[MESH.rightEyeInner]!);
  const l = mid(points[MESH.leftEyeOuter]!, points[MESH.leftEyeInner]!);
  const d = Math.hypot(l.x - r.x, l.y - r.y) || 1;
  const u = { x: (l.x - r.x) / d, y: (l.y - r.y) / d };
  const eyeMidpoint = mid(r, l);
  const chin = points[MESH.chin]!;
  const eyeToChin = Math.hypot(chin.x - eyeMidpoint.x, chin.y - eyeMidpoint.y) || 1;
  return { u, v: { x: -u.y, y: u.x }, eyeMidpoint, eyeToChin };
}

/** Length of a-b along the frame's vertical axis (eyelid and lip openings are vertical). */
function vertical(f: MeshFrame, a: Point, b: Point): number {
  return (b.x - a.x) * f.v.x + (b.y - a.y) * f.v.y;
}

/** Mean eyelid opening of one eye over its three lid pairs, in eye-to-chin lengths. */
function eyeOpening(
  points: readonly Point3[],
  f: MeshFrame,
  lids: readonly (readonly [number, number])[],
): number {
  let sum = 0;
  for (const [top, bottom] of lids) sum += vertical(f, points[top]!, points[bottom]!);
  return sum / lids.length / f.eyeToChin;
}

/** OFIQ-like eyes open: the smaller of the two eyelid openings, in eye-to-chin lengths. */
export function eyesOpen(points: readonly Point3[], f: MeshFrame): number {
  return Math.min(eyeOpening(points, f, RIGHT_EYELIDS), eyeOpening(points, f, LEFT_EYELIDS));
}

/** OFIQ-like mouth closed: the largest inner-lip gap, in eye-to-chin lengths (0 = closed). */
export function mouthOpening(points: readonly Point3[], f: MeshFrame): number {
  let max = 0;
  for (const [top, bottom] of INNER_LIPS) max = Math.max(max, vertical(f, points[top]!, points[bottom]!));
  return max / f.eyeToChin;
}

/**
 * Smile: how far the mouth corners rise above the lips' centre line, in eye-to-chin lengths
 * (negative when they droop). A neutral mouth reads about 0.
 */
export function smile(points: readonly Point3[], f: MeshFrame): number {
  const centre = mid(points[MESH.upperLipInner]!, points[MESH.lowerLipInner]!);
  const corners = mid(points[MESH.mouthRight]!, points[MESH.mouthLeft]!);
  return vertical(f, corners, centre) / f.eyeToChin;
}

/** Mouth width between the corners, in eye-to-chin lengths. */
export function mouthWidth(points: readonly Point3[], f: MeshFrame): number {
  const a = points[MESH.mouthRight]!;
  const b = points[MESH.mouthLeft]!;
  return Math.hypot(b.x - a.x, b.y - a.y) / f.eyeToChin;
}

function insidePolygon(poly: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

function polygonPixels(
  img: RgbImage,
  poly: readonly Point[],
  visit: (r: number, g: number, b: number) => void,
  exclude?: readonly Point[],
): number {
  const xs = poly.map((p) => p.x);
  const ys = poly.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(img.width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(img.height - 1, Math.ceil(Math.max(...ys)));
  const step = Math.max(1, Math.floor(Math.max(x1 - x0, y1 - y0) / 80));
  let count = 0;
  for (let y = y0; y <= y1; y += step)
    for (let x = x0; x <= x1; x += step) {
      if (!insidePolygon(poly, x + 0.5, y + 0.5)) continue;
      if (exclude && insidePolygon(exclude, x + 0.5, y + 0.5)) continue;
      const o = (y * img.width + x) * 3;
      visit(img.data[o]!, img.data[o + 1]!, img.data[o + 2]!);
      count++;
    }
  return count;
}

/**
 * Teeth shown: share of the inner-lip area (mouth opening, lips excluded) that is bright and
 * unsaturated compared with the lips. 0 when the lips touch.
 */
export function teethShare(img: RgbImage, points: readonly Point3[]): number {
  const poly = INNER_LIP_LOOP.map((i) => points[i]!);
  const lips: number[] = [];
  const lipSample = [MESH.upperLipOuter, MESH.lowerLipOuter].map((i) => points[i]!);
  for (const p of lipSample) {
    const o =
      (Math.round(Math.min(img.height - 1, Math.max(0, p.y))) * img.width +
        Math.round(Math.min(img.width - 1, Math.max(0, p.x)))) *
      3;
    lips.push(0.299 * img.data[o]! + 0.587 * img.data[o + 1]! + 0.114 * img.data[o + 2]!);
  }
  const lipLuma = (lips[0]! + lips[1]!) / 2;
  let teeth = 0;
  const n = polygonPixels(img, poly, (r, g, b) => {
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    const sat = Math.max(r, g, b) - Math.min(r, g, b);
    if (luma > Math.max(lipLuma * 1.35, 90) && sat < 0.45 * Math.max(r, g, b)) teeth++;
  });
  return n === 0 ? 0 : teeth / n;
}

/** Eye region of one eye: a box around the iris model's contour (lids and brow excluded below it). */
function eyeBox(eye: EyeLandmarks, f: MeshFrame): Point[] {
  const c = eye.iris[0]!;
  const half = f.eyeToChin * 0.28;
  const up = f.eyeToChin * 0.12;
  const down = f.eyeToChin * 0.14;
  const corner = (du: number, dv: number) => ({
    x: c.x + f.u.x * du + f.v.x * dv,
    y: c.y + f.u.y * du + f.v.y * dv,
  });
  return [corner(-half, -up), corner(half, -up), corner(half, down), corner(-half, down)];
}

/**
 * Reflections on glasses: share of the eye regions' pixels, the eye opening itself excluded
 * (sclera and corneal catchlights are white by nature), that are near-white (all channels >= 235).
 * A lens reflection spreads over the lids and the skin around the eye.
 */
export function glare(
  img: RgbImage,
  points: readonly Point3[],
  f: MeshFrame,
  eyes: readonly [EyeLandmarks | null, EyeLandmarks | null],
): number {
  let bright = 0;
  let total = 0;
  const rings = [RIGHT_EYE_RING, LEFT_EYE_RING];
  eyes.forEach((eye, k) => {
    if (!eye) return;
    const opening = rings[k]!.map((i) => points[i]!);
    total += polygonPixels(
      img,
      eyeBox(eye, f),
      (r, g, b) => {
        if (Math.min(r, g, b) >= 235) bright++;
      },
      opening,
    );
  });
  return total === 0 ? 0 : bright / total;
}

/** Forehead band: between the brows and the mesh top, inside the face oval. */
const FOREHEAD = [109, 10, 338, 297, 299, 9, 69, 67] as const;
const CHEEKS = [
  [117, 118, 101, 36, 205, 187, 123],
  [346, 347, 330, 266, 425, 411, 352],
] as const;

function meanColour(img: RgbImage, poly: readonly Point[]): { r: number; g: number; b: number; n: number } {
  let r = 0;
  let g = 0;
  let b = 0;
  const n = polygonPixels(img, poly, (pr, pg, pb) => {
    r += pr;
    g += pg;
    b += pb;
  });
  return n === 0 ? { r: 0, g: 0, b: 0, n } : { r: r / n, g: g / n, b: b / n, n };
}

/**
 * Head covering: share of the forehead band whose colour is far from the cheeks' skin colour
 * (chromaticity and brightness), i.e. covered by cloth, a hat brim or a band. Hair on the forehead
 * also counts: it is an optional criterion, reported for the agent to look at.
 */
export function foreheadCovered(img: RgbImage, points: readonly Point3[]): number {
  const skin = CHEEKS.map((c) =>
    meanColour(
      img,
      c.map((i) => points[i]!),
    ),
  ).filter((c) => c.n > 0);
  if (skin.length === 0) return 0;
  const sr = skin.reduce((s, c) => s + c.r, 0) / skin.length;
  const sg = skin.reduce((s, c) => s + c.g, 0) / skin.length;
  const sb = skin.reduce((s, c) => s + c.b, 0) / skin.length;
  const sSum = sr + sg + sb || 1;
  let covered = 0;
  const n = polygonPixels(
    img,
    FOREHEAD.map((i) => points[i]!),
    (r, g, b) => {
      const sum = r + g + b || 1;
      const chroma = Math.hypot(r / sum - sr / sSum, g / sum - sg / sSum);
      const light = sum / sSum;
      if (chroma > 0.06 || light < 0.55 || light > 1.6) covered++;
    },
  );
  return n === 0 ? 0 : covered / n;
}

/**
 * Gaze: the horizontal angle between the eyes' direction and the camera axis, degrees: the
 * eye-in-head angle from the iris centre's offset to the eye-corner midpoint along the eye line
 * (eyeball radius ~ 0.4 eye width), averaged over both eyes, plus the head yaw. The vertical
 * offset is not used: the iris sits 5-12 degrees above the corners' midpoint on every shared
 * portrait (the lids' shape, not the gaze), and would add the pitch estimate's error.
 */
export function gazeDeviation(
  points: readonly Point3[],
  f: MeshFrame,
  mesh: FaceMeshResult,
  pose: MeshPose,
): number | null {
  const eyes = [
    [mesh.rightEye, MESH.rightEyeOuter, MESH.rightEyeInner],
    [mesh.leftEye, MESH.leftEyeOuter, MESH.leftEyeInner],
  ] as const;
  let h = 0;
  let n = 0;
  for (const [eye, a, b] of eyes) {
    if (!eye) continue;
    const pa = points[a]!;
    const pb = points[b]!;
    const width = Math.hypot(pb.x - pa.x, pb.y - pa.y);
    if (width < 2) continue;
    const c = mid(pa, pb);
    const iris = eye.iris[0]!;
    const du = ((iris.x - c.x) * f.u.x + (iris.y - c.y) * f.u.y) / (0.4 * width);
    h += toDeg(Math.asin(Math.max(-1, Math.min(1, du))));
    n++;
  }
  if (n === 0) return null;
  return Math.abs(h / n + pose.yawDeg);
}

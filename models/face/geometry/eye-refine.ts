/**
 * Refinement of the two eye centres at full resolution. BlazeFace regresses keypoints at model
 * resolution (one model pixel is ~8-12 source pixels on a portrait), which makes roll and IED too
 * coarse for the +-8 deg and 300 px thresholds. Two classical measures, in a frame aligned with the
 * coarse eye line and sampled at IED/100:
 *  - iris search: per eye, the position maximising (mean luma of the sclera strips left and right)
 *    minus (mean luma of an iris-sized disc), near the keypoint (an eyebrow, dark on its sides too,
 *    scores low);
 *  - mirror correlation: the left-eye patch mirrored is matched against the right-eye patch by
 *    normalised cross-correlation; the vertical shift of the best match is the eyes' vertical
 *    offset (roll), using the whole periocular texture (lids, brows) rather than two points.
 * Hand-written: the precision of roll and IED is product core.
 */
import type { Point } from '../detector/types';

export interface LumaPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export interface EyeRefinement {
  readonly rightEye: Point;
  readonly leftEye: Point;
  /** Iris contrast (luma units) of each eye's best position; low values mean the refinement fell back. */
  readonly irisContrast: readonly [number, number];
  /** Peak normalised cross-correlation of the mirrored eye patches (-1..1). */
  readonly mirrorCorrelation: number;
  /** Whether each eye's position comes from the iris search (true) or stays at the keypoint (false). */
  readonly refined: boolean;
}

const STEPS_PER_IED = 100;
const PATCH_HALF_W = 30;
const PATCH_HALF_H = 24;
const IRIS_R = 9;
const SEARCH_X = 8;
const SEARCH_Y = 14;
const MIRROR_SHIFT = 8;
const MIN_IRIS_CONTRAST = 6;
const MIN_MIRROR_NCC = 0.3;

interface Frame {
  readonly origin: Point;
  readonly u: Point;
  readonly v: Point;
  readonly step: number;
}

function bilinear(p: LumaPlane, x: number, y: number): number {
  const cx = Math.min(p.width - 1.001, Math.max(0, x));
  const cy = Math.min(p.height - 1.001, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const fx = cx - x0;
  const fy = cy - y0;
  const i = y0 * p.width + x0;
  const a = p.data[i]!;
  const b = p.data[i + 1] ?? a;
  const c = p.data[i + p.width] ?? a;
  const d = p.data[i + p.width + 1] ?? c;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

/** Samples a (2hw+1)x(2hh+1) patch in an aligned frame; averages 2x2 sub-samples when steps exceed a pixel. */
function samplePatch(p: LumaPlane, f: Frame, hw: number, hh: number): Float32Array {
  const w = 2 * hw + 1;
  const out = new Float32Array(w * (2 * hh + 1));
  const sub = f.step > 1.5 ? 0.25 * f.step : 0;
  for (let j = -hh; j <= hh; j++) {
    for (let i = -hw; i <= hw; i++) {
      const x = f.origin.x + (i * f.u.x + j * f.v.x) * f.step;
      const y = f.origin.y + (i * f.u.y + j * f.v.y) * f.step;
      out[(j + hh) * w + (i + hw)] =
        sub === 0
          ? bilinear(p, x, y)
          : 0.25 *
            (bilinear(p, x - sub, y - sub) +
              bilinear(p, x + sub, y - sub) +
              bilinear(p, x - sub, y + sub) +
              bilinear(p, x + sub, y + sub));
    }
  }
  return out;
}

/** Parabolic sub-sample offset of a peak from its two neighbours (in [-0.5, 0.5]). */
function parabolic(l: number, c: number, r: number): number {
  const den = l - 2 * c + r;
  if (den >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (l - r)) / den));
}

/** A horizontal run of samples, dx0..dx1 (inclusive) on row dy, of the iris disc or the sclera strips. */
type Span = readonly [dy: number, dx0: number, dx1: number];

/** The iris disc (r <= 0.8 R) and the sclera strips beside it, as row spans (each row's run is contiguous). */
function irisTemplate(): { disc: Span[]; sides: Span[]; discCount: number; sidesCount: number } {
  const disc: Span[] = [];
  const sides: Span[] = [];
  let discCount = 0;
  let sidesCount = 0;
  const add = (spans: Span[], dy: number, dx: number) => {
    const lastSpan = spans.at(-1);
    if (lastSpan && lastSpan[0] === dy && lastSpan[2] === dx - 1)
      spans[spans.length - 1] = [dy, lastSpan[1], dx];
    else spans.push([dy, dx, dx]);
  };
  for (let dy = -IRIS_R * 2; dy <= IRIS_R * 2; dy++) {
    for (let dx = -IRIS_R * 3; dx <= IRIS_R * 3; dx++) {
      const r = Math.hypot(dx, dy);
      if (r <= IRIS_R * 0.8) {
        add(disc, dy, dx);
        discCount++;
      } else if (
        Math.abs(dx) >= IRIS_R * 1.25 &&
        Math.abs(dx) <= IRIS_R * 2.2 &&
        Math.abs(dy) <= IRIS_R * 0.45
      ) {
        add(sides, dy, dx);
        sidesCount++;
      }
    }
  }
  return { disc, sides, discCount, sidesCount };
}
const IRIS = irisTemplate();

/**
 * Best iris position in a patch (offsets from the patch centre, in samples) and its contrast. The
 * disc and strip means come from per-row prefix sums (two reads per span instead of one per sample:
 * this runs on both eyes, twice, on every live frame).
 */
export function irisSearch(
  patch: Float32Array,
  hw: number,
  hh: number,
): { x: number; y: number; contrast: number } {
  const w = 2 * hw + 1;
  const h = patch.length / w;
  let mean = 0;
  for (const value of patch) mean += value;
  mean /= patch.length;
  // prefix[r * (w + 1) + x] = sum of the row's first x samples
  const prefix = new Float64Array(h * (w + 1));
  for (let r = 0; r < h; r++) {
    let run = 0;
    for (let x = 0; x < w; x++) {
      run += patch[r * w + x]!;
      prefix[r * (w + 1) + x + 1] = run;
    }
  }
  // a span's samples outside the patch count as 0 (the search window keeps them inside)
  const spanSum = (row: number, x0: number, x1: number) => {
    if (row < 0 || row >= h) return 0;
    const a = Math.max(0, x0);
    const b = Math.min(w - 1, x1);
    return b < a ? 0 : prefix[row * (w + 1) + b + 1]! - prefix[row * (w + 1) + a]!;
  };
  const scoreAt = (cx: number, cy: number) => {
    let disc = 0;
    for (const [dy, dx0, dx1] of IRIS.disc) disc += spanSum(cy + dy + hh, cx + dx0 + hw, cx + dx1 + hw);
    let sides = 0;
    for (const [dy, dx0, dx1] of IRIS.sides) sides += spanSum(cy + dy + hh, cx + dx0 + hw, cx + dx1 + hw);
    const d = disc / IRIS.discCount;
    // the iris is darker than the sclera beside it AND than the periocular area on average; a mild
    // preference for the keypoint's neighbourhood breaks ties with lashes and brow ends
    return sides / IRIS.sidesCount - d + 0.5 * (mean - d) - 0.15 * (cx * cx + cy * cy) ** 0.5;
  };
  const scores = new Float32Array((2 * SEARCH_X + 1) * (2 * SEARCH_Y + 1));
  let best = -Infinity;
  let bx = 0;
  let by = 0;
  const sw = 2 * SEARCH_X + 1;
  for (let cy = -SEARCH_Y; cy <= SEARCH_Y; cy++) {
    for (let cx = -SEARCH_X; cx <= SEARCH_X; cx++) {
      const s = scoreAt(cx, cy);
      scores[(cy + SEARCH_Y) * sw + (cx + SEARCH_X)] = s;
      if (s > best) {
        best = s;
        bx = cx;
        by = cy;
      }
    }
  }
  const at = (x: number, y: number) => scores[(y + SEARCH_Y) * sw + (x + SEARCH_X)] ?? best;
  const sx = Math.abs(bx) < SEARCH_X ? parabolic(at(bx - 1, by), best, at(bx + 1, by)) : 0;
  const sy = Math.abs(by) < SEARCH_Y ? parabolic(at(bx, by - 1), best, at(bx, by + 1)) : 0;
  return { x: bx + sx, y: by + sy, contrast: best };
}

/** Vertical shift (samples) that best aligns the mirrored left patch on the right patch, and its NCC. */
export function mirrorShift(
  right: Float32Array,
  left: Float32Array,
  hw: number,
  hh: number,
): { dy: number; ncc: number } {
  const w = 2 * hw + 1;
  const tw = hw - MIRROR_SHIFT;
  const th = hh - MIRROR_SHIFT;
  // The right window is the same at every shift: its sums are taken once; per shift only the left
  // window's sums and the cross term are accumulated (this runs twice on every live frame).
  let sa = 0;
  let saa = 0;
  for (let y = -th; y <= th; y++)
    for (let x = -tw; x <= tw; x++) {
      const a = right[(y + hh) * w + (x + hw)]!;
      sa += a;
      saa += a * a;
    }
  const n = (2 * th + 1) * (2 * tw + 1);
  const va = saa - (sa * sa) / n;
  const nccAt = (sx: number, sy: number) => {
    let sb = 0;
    let sbb = 0;
    let sab = 0;
    for (let y = -th; y <= th; y++) {
      const ra = (y + hh) * w + hw;
      // mirrored left patch: Lm(x, y) = L(-x, y)
      const rb = (y + sy + hh) * w + hw - sx;
      for (let x = -tw; x <= tw; x++) {
        const a = right[ra + x]!;
        const b = left[rb - x]!;
        sb += b;
        sbb += b * b;
        sab += a * b;
      }
    }
    const cov = sab - (sa * sb) / n;
    const vb = sbb - (sb * sb) / n;
    return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
  };
  const side = 2 * MIRROR_SHIFT + 1;
  const grid = new Float32Array(side * side);
  let best = -Infinity;
  let bx = 0;
  let by = 0;
  for (let sy = -MIRROR_SHIFT; sy <= MIRROR_SHIFT; sy++) {
    for (let sx = -MIRROR_SHIFT; sx <= MIRROR_SHIFT; sx++) {
      const c = nccAt(sx, sy);
      grid[(sy + MIRROR_SHIFT) * side + (sx + MIRROR_SHIFT)] = c;
      if (c > best) {
        best = c;
        bx = sx;
        by = sy;
      }
    }
  }
  const at = (x: number, y: number) => grid[(y + MIRROR_SHIFT) * side + (x + MIRROR_SHIFT)] ?? best;
  const sub = Math.abs(by) < MIRROR_SHIFT ? parabolic(at(bx, by - 1), best, at(bx, by + 1)) : 0;
  return { dy: by + sub, ncc: best };
}

/**
 * Refines the two eye centres. Falls back to the keypoints for a coordinate whose evidence is weak
 * (low iris contrast, poor mirror correlation), so it never makes things worse than the detector.
 */
export function refineEyes(luma: LumaPlane, rightEye: Point, leftEye: Point, passes = 2): EyeRefinement {
  let result = refinePass(luma, rightEye, leftEye);
  for (let pass = 1; pass < passes && result.refined; pass++) {
    const next = refinePass(luma, result.rightEye, result.leftEye);
    if (!next.refined) break;
    result = next;
  }
  return result;
}

function refinePass(luma: LumaPlane, rightEye: Point, leftEye: Point): EyeRefinement {
  const dx = leftEye.x - rightEye.x;
  const dy = leftEye.y - rightEye.y;
  const ied = Math.hypot(dx, dy);
  if (!(ied >= 8)) {
    return { rightEye, leftEye, irisContrast: [0, 0], mirrorCorrelation: 0, refined: false };
  }
  const u = { x: dx / ied, y: dy / ied };
  const v = { x: -u.y, y: u.x };
  const step = ied / STEPS_PER_IED;
  const frame = (origin: Point): Frame => ({ origin, u, v, step });
  const rp = samplePatch(luma, frame(rightEye), PATCH_HALF_W, PATCH_HALF_H);
  const lp = samplePatch(luma, frame(leftEye), PATCH_HALF_W, PATCH_HALF_H);
  const ri = irisSearch(rp, PATCH_HALF_W, PATCH_HALF_H);
  const li = irisSearch(lp, PATCH_HALF_W, PATCH_HALF_H);
  const mirror = mirrorShift(rp, lp, PATCH_HALF_W, PATCH_HALF_H);
  const rOk = ri.contrast >= MIN_IRIS_CONTRAST;
  const lOk = li.contrast >= MIN_IRIS_CONTRAST;
  // horizontal: iris positions where found
  const rx = rOk ? ri.x : 0;
  const lx = lOk ? li.x : 0;
  // vertical: mean iris height, split by the mirror offset when the patches correlate; when the
  // two irises disagree with the mirror offset, the weaker one is wrong: trust the stronger
  const mirrorOk = mirror.ncc >= MIN_MIRROR_NCC;
  let irisMid = rOk && lOk ? (ri.y + li.y) / 2 : rOk ? ri.y : lOk ? li.y : 0;
  if (rOk && lOk && mirrorOk && Math.abs(li.y - ri.y - mirror.dy) > 3) {
    irisMid = ri.contrast >= li.contrast ? ri.y + mirror.dy / 2 : li.y - mirror.dy / 2;
  }
  // without a mirror match (glasses frames, occlusion), the irises alone are not trusted for roll
  const offset = mirrorOk ? mirror.dy : 0;
  if (!mirrorOk && rOk && lOk && Math.abs(li.y - ri.y) > 3) irisMid = 0;
  const ry = irisMid - offset / 2;
  const ly = irisMid + offset / 2;
  const place = (origin: Point, x: number, y: number): Point => ({
    x: origin.x + (x * u.x + y * v.x) * step,
    y: origin.y + (x * u.y + y * v.y) * step,
  });
  return {
    rightEye: place(rightEye, rx, ry),
    leftEye: place(leftEye, lx, ly),
    irisContrast: [ri.contrast, li.contrast],
    mirrorCorrelation: mirror.ncc,
    refined: rOk || lOk || mirror.ncc >= MIN_MIRROR_NCC,
  };
}

/**
 * Verification error metrics from genuine and impostor score lists (higher score =
 * more similar; a comparison is accepted when score >= threshold): FMR/FNMR at a
 * threshold, the DET curve, equal error rate, FNMR at a target FMR, and the
 * threshold that achieves a target FMR.
 */

export interface ErrorRates {
  readonly threshold: number;
  readonly fmr: number;
  readonly fnmr: number;
}

function countAtLeast(sortedAsc: readonly number[], t: number): number {
  let lo = 0;
  let hi = sortedAsc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedAsc[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return sortedAsc.length - lo;
}

/** FMR and FNMR when accepting scores >= threshold. */
export function ratesAt(
  genuine: readonly number[],
  impostor: readonly number[],
  threshold: number,
): ErrorRates {
  const g = [...genuine].sort((x, y) => x - y);
  const i = [...impostor].sort((x, y) => x - y);
  return {
    threshold,
    fmr: i.length ? countAtLeast(i, threshold) / i.length : 0,
    fnmr: g.length ? (g.length - countAtLeast(g, threshold)) / g.length : 0,
  };
}

/** Error rates at every distinct score (plus +∞), ordered by increasing threshold. */
export function detCurve(genuine: readonly number[], impostor: readonly number[]): ErrorRates[] {
  if (genuine.length === 0 || impostor.length === 0) throw new RangeError('need genuine and impostor scores');
  const g = [...genuine].sort((x, y) => x - y);
  const i = [...impostor].sort((x, y) => x - y);
  const thresholds = [...new Set([...g, ...i])].sort((x, y) => x - y);
  thresholds.push(Number.POSITIVE_INFINITY);
  return thresholds.map((t) => ({
    threshold: t,
    fmr: countAtLeast(i, t) / i.length,
    fnmr: (g.length - countAtLeast(g, t)) / g.length,
  }));
}

/**
 * Equal error rate: at the threshold where |FMR - FNMR| is smallest, the mean of the
 * two (with the FVC-style interval [low, high] between them).
 */
export function equalErrorRate(
  genuine: readonly number[],
  impostor: readonly number[],
): { eer: number; low: number; high: number; threshold: number } {
  const curve = detCurve(genuine, impostor);
  let best = curve[0]!;
  for (const p of curve) if (Math.abs(p.fmr - p.fnmr) < Math.abs(best.fmr - best.fnmr)) best = p;
  const low = Math.min(best.fmr, best.fnmr);
  const high = Math.max(best.fmr, best.fnmr);
  return { eer: (low + high) / 2, low, high, threshold: best.threshold };
}

/** Lowest threshold whose FMR is <= targetFmr, and the FNMR there. */
export function fnmrAtFmr(
  genuine: readonly number[],
  impostor: readonly number[],
  targetFmr: number,
): ErrorRates {
  const curve = detCurve(genuine, impostor);
  const p = curve.find((c) => c.fmr <= targetFmr);
  // detCurve always ends at +∞ where FMR = 0.
  return p ?? curve[curve.length - 1]!;
}

/** Spearman rank correlation of two equally long series (average ranks for ties). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length || x.length < 2) throw new RangeError('need two series of equal length >= 2');
  const rank = (v: readonly number[]) => {
    const idx = v.map((_, k) => k).sort((a, b) => v[a]! - v[b]!);
    const r = new Array<number>(v.length);
    for (let s = 0; s < idx.length; ) {
      let e = s;
      while (e + 1 < idx.length && v[idx[e + 1]!] === v[idx[s]!]) e++;
      for (let k = s; k <= e; k++) r[idx[k]!] = (s + e) / 2;
      s = e + 1;
    }
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const mean = (x.length - 1) / 2;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let k = 0; k < x.length; k++) {
    const a = rx[k]! - mean;
    const b = ry[k]! - mean;
    num += a * b;
    dx += a * a;
    dy += b * b;
  }
  return dx === 0 || dy === 0 ? 0 : num / Math.sqrt(dx * dy);
}

/**
 * The WSQ two-dimensional subband transform: forward decomposition (encoder) and inverse
 * reconstruction (decoder) over the 20-node wavelet tree, in IEEE single precision.
 *
 * Pixel-exact agreement with NBIS needs the same boundary handling (symmetric extension with
 * the spec's odd/even rules) and the same order of float32 operations. Rather than porting the
 * pointer-walking loops of NBIS `get_lets`/`join_lets` line by line into the hot path, this
 * module replays that walk once per (line length, inversion) on indices, recording for each
 * output sample the ordered list of (input index, coefficient) terms it accumulates. Applying a
 * plan is then a tight loop: `v = fround(x0*c0); v = fround(v + fround(xi*ci))`, exactly the
 * float32 arithmetic of the C code. Plans are validated (every index inside the line, every
 * output written), so unusual filters or tiny images are rejected instead of reading garbage.
 */
import { WsqError } from './errors';
import type { WaveletNode } from './tree';

/** For each output sample k, terms `start[k] .. start[k+1]-1` of `src`/`coef`. */
export interface LinePlan {
  readonly length: number;
  readonly start: Int32Array;
  readonly src: Int32Array;
  readonly coef: Float64Array;
}

type Op = { kind: 'assign' | 'add' | 'zero'; dst: number; src: number; coef: number };

function compile(length: number, ops: Op[], what: string): LinePlan {
  // Keep, per output, only the operations from its last assignment on (later ones build on it).
  const perOut: Array<Array<{ src: number; coef: number }> | null> = new Array(length).fill(null);
  for (const op of ops) {
    if (op.dst < 0 || op.dst >= length) {
      throw new WsqError('BAD_DIMENSIONS', `${what}: line of ${length} samples is too short for the filters`);
    }
    if (op.kind === 'zero') {
      perOut[op.dst] = [];
      continue;
    }
    if (op.src < 0 || op.src >= length) {
      throw new WsqError('BAD_DIMENSIONS', `${what}: line of ${length} samples is too short for the filters`);
    }
    const term = { src: op.src, coef: op.coef };
    if (op.kind === 'assign') perOut[op.dst] = [term];
    else {
      const list = perOut[op.dst];
      if (list === null || list === undefined) {
        throw new WsqError('BAD_DIMENSIONS', `${what}: accumulation before assignment (line ${length})`);
      }
      list.push(term);
    }
  }
  const start = new Int32Array(length + 1);
  let total = 0;
  for (let k = 0; k < length; k++) {
    const list = perOut[k];
    if (!list || list.length === 0) {
      throw new WsqError(
        'BAD_DIMENSIONS',
        `${what}: output ${k} of a ${length}-sample line is never computed`,
      );
    }
    start[k] = total;
    total += list.length;
  }
  start[length] = total;
  const src = new Int32Array(total);
  const coef = new Float64Array(total);
  let t = 0;
  for (let k = 0; k < length; k++) {
    for (const term of perOut[k]!) {
      src[t] = term.src;
      coef[t] = term.coef;
      t++;
    }
  }
  return { length, start, src, coef };
}

/**
 * Replays NBIS `get_lets` (analysis of one line into lowpass then highpass halves, or highpass
 * first when `inv`) on indices.
 */
export function analysisPlan(
  len2: number,
  lo: readonly number[],
  hiIn: readonly number[],
  inv: boolean,
): LinePlan {
  const lsz = lo.length;
  const hsz = hiIn.length;
  const daEv = len2 % 2;
  const fiEv = lsz % 2;
  let loc: number;
  let hoc: number;
  let olle: number;
  let ohle: number;
  let olre: number;
  let ohre: number;
  let hi = hiIn;
  if (fiEv) {
    loc = (lsz - 1) >> 1;
    hoc = ((hsz - 1) >> 1) - 1;
    olle = ohle = olre = ohre = 0;
  } else {
    loc = (lsz >> 1) - 2;
    hoc = (hsz >> 1) - 2;
    olle = ohle = olre = ohre = 1;
    if (loc === -1) {
      loc = 0;
      olle = 0;
    }
    if (hoc === -1) {
      hoc = 0;
      ohle = 0;
    }
    hi = hiIn.map((v) => -v);
  }
  let llen: number;
  let hlen: number;
  if (daEv) {
    llen = (len2 + 1) >> 1;
    hlen = llen - 1;
  } else {
    llen = len2 >> 1;
    hlen = llen;
  }
  const ops: Op[] = [];
  let lopass = inv ? hlen : 0;
  let hipass = inv ? 0 : llen;
  const p0 = 0;
  const p1 = len2 - 1;
  let lspx = loc;
  let lspxstr = -1;
  let lle2 = olle;
  const lre2 = olre;
  let hspx = hoc;
  let hspxstr = -1;
  let hle2 = ohle;
  const hre2 = ohre;

  const lowOutput = (): void => {
    let lpxstr = lspxstr;
    let lpx = lspx;
    let lle = lle2;
    let lre = lre2;
    ops.push({ kind: 'assign', dst: lopass, src: lpx, coef: lo[0]! });
    for (let i = 1; i < lsz; i++) {
      if (lpx === p0) {
        if (lle) {
          lpxstr = 0;
          lle = 0;
        } else lpxstr = 1;
      }
      if (lpx === p1) {
        if (lre) {
          lpxstr = 0;
          lre = 0;
        } else lpxstr = -1;
      }
      lpx += lpxstr;
      ops.push({ kind: 'add', dst: lopass, src: lpx, coef: lo[i]! });
    }
    lopass++;
  };

  for (let pix = 0; pix < hlen; pix++) {
    lowOutput();
    let hpxstr = hspxstr;
    let hpx = hspx;
    let hle = hle2;
    let hre = hre2;
    ops.push({ kind: 'assign', dst: hipass, src: hpx, coef: hi[0]! });
    for (let i = 1; i < hsz; i++) {
      if (hpx === p0) {
        if (hle) {
          hpxstr = 0;
          hle = 0;
        } else hpxstr = 1;
      }
      if (hpx === p1) {
        if (hre) {
          hpxstr = 0;
          hre = 0;
        } else hpxstr = -1;
      }
      hpx += hpxstr;
      ops.push({ kind: 'add', dst: hipass, src: hpx, coef: hi[i]! });
    }
    hipass++;
    for (let i = 0; i < 2; i++) {
      if (lspx === p0) {
        if (lle2) {
          lspxstr = 0;
          lle2 = 0;
        } else lspxstr = 1;
      }
      lspx += lspxstr;
      if (hspx === p0) {
        if (hle2) {
          hspxstr = 0;
          hle2 = 0;
        } else hspxstr = 1;
      }
      hspx += hspxstr;
    }
  }
  if (daEv) lowOutput();
  return compile(len2, ops, 'analysis');
}

/**
 * Replays NBIS `join_lets` (synthesis of one line from its lowpass and highpass halves) on
 * indices. `lo`/`hi` are the synthesis filters as NBIS derives them from the DTT segment.
 */
export function synthesisPlan(
  len2: number,
  lo: readonly number[],
  hiIn: readonly number[],
  inv: boolean,
): LinePlan {
  const lsz = lo.length;
  const hsz = hiIn.length;
  const daEv = len2 % 2;
  const fiEv = lsz % 2;
  let llen: number;
  let hlen: number;
  if (daEv) {
    llen = (len2 + 1) >> 1;
    hlen = llen - 1;
  } else {
    llen = len2 >> 1;
    hlen = llen;
  }
  let asym: number;
  let ssfac: number;
  let ofhre: number;
  let loc: number;
  let hoc: number;
  let lotap: number;
  let hotap: number;
  let olle: number;
  let olre: number;
  let ohle: number;
  let ohre: number;
  let hi = hiIn;
  if (fiEv) {
    asym = 0;
    ssfac = 1;
    ofhre = 0;
    loc = (lsz - 1) >> 2;
    hoc = ((hsz + 1) >> 2) - 1;
    lotap = ((lsz - 1) >> 1) % 2;
    hotap = ((hsz + 1) >> 1) % 2;
    if (daEv) {
      olle = 0;
      olre = 0;
      ohle = 1;
      ohre = 1;
    } else {
      olle = 0;
      olre = 1;
      ohle = 1;
      ohre = 0;
    }
  } else {
    asym = 1;
    ssfac = -1;
    ofhre = 2;
    loc = (lsz >> 2) - 1;
    hoc = (hsz >> 2) - 1;
    lotap = (lsz >> 1) % 2;
    hotap = (hsz >> 1) % 2;
    if (daEv) {
      olle = 1;
      olre = 0;
      ohle = 1;
      ohre = 1;
    } else {
      olle = 1;
      olre = 1;
      ohle = 1;
      ohre = 1;
    }
    if (loc === -1) {
      loc = 0;
      olle = 0;
    }
    if (hoc === -1) {
      hoc = 0;
      ohle = 0;
    }
    hi = hiIn.map((v) => -v);
  }

  const ops: Op[] = [];
  let limg = 0;
  let himg = 0;
  ops.push({ kind: 'zero', dst: himg, src: 0, coef: 0 });
  ops.push({ kind: 'zero', dst: himg + 1, src: 0, coef: 0 });
  const lp0 = inv ? hlen : 0;
  const hp0 = inv ? 0 : llen;
  const lp1 = lp0 + llen - 1;
  const hp1 = hp0 + hlen - 1;
  let lspx = lp0 + loc;
  let lspxstr = -1;
  let lstap = lotap;
  let lle2 = olle;
  const lre2 = olre;
  let hspx = hp0 + hoc;
  let hspxstr = -1;
  let hstap = hotap;
  let hle2 = ohle;
  const hre2 = ohre;
  let osfac = ssfac;
  let fhre = 0;

  const lowTap = (tap: number): void => {
    let lle = lle2;
    let lre = lre2;
    let lpx = lspx;
    let lpxstr = lspxstr;
    ops.push({ kind: 'assign', dst: limg, src: lpx, coef: lo[tap]! });
    for (let i = tap + 2; i < lsz; i += 2) {
      if (lpx === lp0) {
        if (lle) {
          lpxstr = 0;
          lle = 0;
        } else lpxstr = 1;
      }
      if (lpx === lp1) {
        if (lre) {
          lpxstr = 0;
          lre = 0;
        } else lpxstr = -1;
      }
      lpx += lpxstr;
      ops.push({ kind: 'add', dst: limg, src: lpx, coef: lo[i]! });
    }
    limg++;
  };

  const highTap = (tap: number, resetFhre: boolean): void => {
    let hle = hle2;
    let hre = hre2;
    let hpx = hspx;
    let hpxstr = hspxstr;
    if (resetFhre) fhre = ofhre;
    let sfac = osfac;
    for (let i = tap; i < hsz; i += 2) {
      if (hpx === hp0) {
        if (hle) {
          hpxstr = 0;
          hle = 0;
        } else {
          hpxstr = 1;
          sfac = 1;
        }
      }
      if (hpx === hp1) {
        if (hre) {
          hpxstr = 0;
          hre = 0;
          if (asym && daEv) {
            hre = 1;
            fhre--;
            sfac = fhre;
            if (sfac === 0) hre = 0;
          }
        } else {
          hpxstr = -1;
          if (asym) sfac = -1;
        }
      }
      // fround(fround(x * hi) * sfac) == fround(x * (hi * sfac)) because sfac is -1, 0 or 1.
      ops.push({ kind: 'add', dst: himg, src: hpx, coef: hi[i]! * sfac });
      hpx += hpxstr;
    }
    himg++;
  };

  for (let pix = 0; pix < hlen; pix++) {
    for (let tap = lstap; tap >= 0; tap--) lowTap(tap);
    if (lspx === lp0) {
      if (lle2) {
        lspxstr = 0;
        lle2 = 0;
      } else lspxstr = 1;
    }
    lspx += lspxstr;
    lstap = 1;

    for (let tap = hstap; tap >= 0; tap--) highTap(tap, true);
    if (hspx === hp0) {
      if (hle2) {
        hspxstr = 0;
        hle2 = 0;
      } else {
        hspxstr = 1;
        osfac = 1;
      }
    }
    hspx += hspxstr;
    hstap = 1;
  }

  if (daEv) lstap = lotap ? 1 : 0;
  else lstap = lotap ? 2 : 1;
  for (let tap = 1; tap >= lstap; tap--) lowTap(tap);

  if (daEv) {
    hstap = hotap ? 1 : 0;
    if (hsz === 2) {
      hspx -= hspxstr;
      fhre = 1;
    }
  } else hstap = hotap ? 2 : 1;
  for (let tap = 1; tap >= hstap; tap--) highTap(tap, hsz !== 2);

  return compile(len2, ops, 'synthesis');
}

/**
 * Applies `plan` to `count` lines: line j reads `src[srcBase + j*pitch + i*stride]` and writes
 * `dst[dstBase + j*pitch + k*stride]`, with float32 rounding after every product and sum.
 */
export function applyPlan(
  plan: LinePlan,
  src: Float32Array,
  srcBase: number,
  dst: Float32Array,
  dstBase: number,
  count: number,
  pitch: number,
  stride: number,
): void {
  const { length, start, src: idx, coef } = plan;
  const fr = Math.fround;
  if (pitch === 1) {
    // Column pass: walk the lines (adjacent in memory) in the inner loop for cache locality.
    // The terms of each output keep their order, so the float32 results are unchanged.
    for (let k = 0; k < length; k++) {
      const t0 = start[k]!;
      const tEnd = start[k + 1]!;
      const d0 = dstBase + k * stride;
      const s0 = srcBase + idx[t0]! * stride;
      const c0 = coef[t0]!;
      for (let j = 0; j < count; j++) dst[d0 + j] = src[s0 + j]! * c0;
      for (let t = t0 + 1; t < tEnd; t++) {
        const st = srcBase + idx[t]! * stride;
        const ct = coef[t]!;
        for (let j = 0; j < count; j++) dst[d0 + j] = dst[d0 + j]! + fr(src[st + j]! * ct);
      }
    }
    return;
  }
  for (let j = 0; j < count; j++) {
    const s0 = srcBase + j * pitch;
    const d0 = dstBase + j * pitch;
    for (let k = 0; k < length; k++) {
      let t = start[k]!;
      const tEnd = start[k + 1]!;
      let v = fr(src[s0 + idx[t]! * stride]! * coef[t]!);
      for (t++; t < tEnd; t++) v = fr(v + fr(src[s0 + idx[t]! * stride]! * coef[t]!));
      dst[d0 + k * stride] = v;
    }
  }
}

/**
 * Plans depend only on (line length, inversion, filters), so they are shared across images.
 * The cache is bounded: at most MAX_CACHED_PLANS plans (a few MB), oldest evicted first.
 */
const MAX_CACHED_PLANS = 96;
const planCache = new Map<string, LinePlan>();

function cachedPlan(kind: string, len: number, inv: boolean, make: () => LinePlan): LinePlan {
  const key = `${kind}:${len}:${inv ? 1 : 0}`;
  let p = planCache.get(key);
  if (p) {
    planCache.delete(key);
    planCache.set(key, p);
    return p;
  }
  p = make();
  planCache.set(key, p);
  if (planCache.size > MAX_CACHED_PLANS) planCache.delete(planCache.keys().next().value as string);
  return p;
}

function filterKey(direction: string, lo: readonly number[], hi: readonly number[]): string {
  return `${direction}|${lo.join(',')}|${hi.join(',')}`;
}

/** Builds every plan the tree needs; throws BAD_DIMENSIONS if one of them is unusable. */
function plansFor(
  wTree: readonly WaveletNode[],
  kind: string,
  make: (len: number, inv: boolean) => LinePlan,
): { rows: LinePlan[]; cols: LinePlan[] } {
  const get = (len: number, inv: boolean): LinePlan => cachedPlan(kind, len, inv, () => make(len, inv));
  const rows: LinePlan[] = [];
  const cols: LinePlan[] = [];
  for (const node of wTree) {
    if (node.lenx < 1 || node.leny < 1) {
      throw new WsqError('BAD_DIMENSIONS', 'image too small for the 5-level WSQ decomposition');
    }
    rows.push(get(node.lenx, node.invRow));
    cols.push(get(node.leny, node.invCol));
  }
  return { rows, cols };
}

/** Checks that the tree of this image size can be transformed with these filters. */
export function checkSynthesisGeometry(
  wTree: readonly WaveletNode[],
  lo: readonly number[],
  hi: readonly number[],
): void {
  plansFor(wTree, filterKey('s', lo, hi), (len, inv) => synthesisPlan(len, lo, hi, inv));
}

/** In-place forward WSQ decomposition of `data` (row-major, `width` pixels per row). */
export function decompose(
  data: Float32Array,
  width: number,
  height: number,
  wTree: readonly WaveletNode[],
  lo: readonly number[],
  hi: readonly number[],
): void {
  const { rows, cols } = plansFor(wTree, filterKey('a', lo, hi), (len, inv) =>
    analysisPlan(len, lo, hi, inv),
  );
  const tmp = new Float32Array(width * height);
  for (let n = 0; n < wTree.length; n++) {
    const node = wTree[n]!;
    const base = node.y * width + node.x;
    applyPlan(rows[n]!, data, base, tmp, 0, node.leny, width, 1);
    applyPlan(cols[n]!, tmp, 0, data, base, node.lenx, 1, width);
  }
}

/** In-place inverse WSQ transform of `data`; `lo`/`hi` are the DTT synthesis filters. */
export function reconstruct(
  data: Float32Array,
  width: number,
  height: number,
  wTree: readonly WaveletNode[],
  lo: readonly number[],
  hi: readonly number[],
): void {
  const { rows, cols } = plansFor(wTree, filterKey('s', lo, hi), (len, inv) =>
    synthesisPlan(len, lo, hi, inv),
  );
  const tmp = new Float32Array(width * height);
  for (let n = wTree.length - 1; n >= 0; n--) {
    const node = wTree[n]!;
    const base = node.y * width + node.x;
    applyPlan(cols[n]!, data, base, tmp, 0, node.lenx, 1, width);
    applyPlan(rows[n]!, tmp, 0, data, base, node.leny, width, 1);
  }
}

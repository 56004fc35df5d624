/**
 * Walking along a one-pixel-wide ridge skeleton: from a start pixel and a first
 * step, follows the ridge until it ends, reaches a junction, or hits the step limit.
 * Used to measure minutia directions and to detect spurs, bridges and short ridges.
 */

const NDX = [0, 1, 1, 1, 0, -1, -1, -1];
const NDY = [-1, -1, 0, 1, 1, 1, 0, -1];

export type TraceStop = 'ending' | 'junction' | 'limit';

export interface TraceResult {
  readonly stop: TraceStop;
  /** Pixel indices visited after the start, in order (first step included). */
  readonly path: number[];
}

/** Per-image tracing context: the skeleton, its junction map and a reusable stamp buffer. */
export class SkeletonTracer {
  private readonly stamp: Int32Array;
  private stampId = 0;

  constructor(
    readonly skeleton: Uint8Array,
    readonly width: number,
    readonly height: number,
    /** 1 for junction pixels (crossing number >= 3). */
    readonly junction: Uint8Array,
  ) {
    this.stamp = new Int32Array(skeleton.length);
  }

  /** Skeleton neighbours of pixel i. */
  neighbours(i: number): number[] {
    const w = this.width;
    const x = i % w;
    const y = (i - x) / w;
    const out: number[] = [];
    for (let k = 0; k < 8; k++) {
      const xx = x + NDX[k]!;
      const yy = y + NDY[k]!;
      if (xx < 0 || yy < 0 || xx >= w || yy >= this.height) continue;
      const j = yy * w + xx;
      if (this.skeleton[j]) out.push(j);
    }
    return out;
  }

  /**
   * Branch starts of pixel i: one neighbour per run of consecutive ring neighbours
   * (a 4-neighbour preferred), i.e. one per ridge leaving i.
   */
  branchStarts(i: number): number[] {
    const w = this.width;
    const x = i % w;
    const y = (i - x) / w;
    const on: boolean[] = [];
    for (let k = 0; k < 8; k++) {
      const xx = x + NDX[k]!;
      const yy = y + NDY[k]!;
      on.push(xx >= 0 && yy >= 0 && xx < w && yy < this.height && this.skeleton[yy * w + xx] === 1);
    }
    let startK = -1;
    for (let k = 0; k < 8; k++) if (!on[k]) startK = k;
    if (startK < 0) return [];
    const starts: number[] = [];
    let run: number[] = [];
    const flush = () => {
      if (run.length === 0) return;
      const k = run.find((r) => r % 2 === 0) ?? run[0]!;
      starts.push((y + NDY[k]!) * w + x + NDX[k]!);
      run = [];
    };
    for (let s = 1; s <= 8; s++) {
      const k = (startK + s) % 8;
      if (on[k]) run.push(k);
      else flush();
    }
    flush();
    return starts;
  }

  /**
   * Follows the skeleton from `start` through `first` for at most maxSteps pixels.
   * `exclude` pixels (e.g. the other branch starts of a junction) are never entered.
   */
  trace(start: number, first: number, maxSteps: number, exclude: readonly number[] = []): TraceResult {
    const id = ++this.stampId;
    const stamp = this.stamp;
    stamp[start] = id;
    for (const e of exclude) stamp[e] = id;
    stamp[first] = id;
    const path = [first];
    let cur = first;
    const w = this.width;
    while (path.length < maxSteps) {
      if (this.junction[cur]) return { stop: 'junction', path };
      const x = cur % w;
      const y = (cur - x) / w;
      let count = 0;
      let a = -1;
      let b = -1;
      for (let k = 0; k < 8; k++) {
        const xx = x + NDX[k]!;
        const yy = y + NDY[k]!;
        if (xx < 0 || yy < 0 || xx >= w || yy >= this.height) continue;
        const j = yy * w + xx;
        if (!this.skeleton[j] || stamp[j] === id) continue;
        if (count === 0) a = j;
        else b = j;
        count++;
      }
      if (count === 0) return { stop: 'ending', path };
      if (count > 2) return { stop: 'junction', path };
      let next = a;
      if (count === 2) {
        // Two unvisited neighbours adjacent to each other (a corner) belong to the same ridge:
        // step to the one 4-adjacent to the current pixel.
        const ax = a % w;
        const bx = b % w;
        const ay = (a - ax) / w;
        const by = (b - bx) / w;
        if (Math.abs(ax - bx) > 1 || Math.abs(ay - by) > 1) return { stop: 'junction', path };
        next = ax === x || ay === y ? a : b;
        stamp[a] = id;
        stamp[b] = id;
      }
      stamp[next] = id;
      path.push(next);
      cur = next;
    }
    return { stop: 'limit', path };
  }
}

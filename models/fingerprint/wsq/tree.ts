/**
 * Subband geometry of WSQ: the 20-node wavelet decomposition tree (where each split is
 * applied and whether its row/column halves are spectrally inverted) and the 64-entry
 * quantization tree (position and size of every subband inside the coefficient plane).
 * A direct transcription of the NBIS `tree.c` layout, which the specification defines.
 */
import { MAX_SUBBANDS, W_TREE_LEN } from './constants';

export interface WaveletNode {
  x: number;
  y: number;
  lenx: number;
  leny: number;
  /** Rows are split high-band first (spectral inversion). */
  invRow: boolean;
  /** Columns are split high-band first (spectral inversion). */
  invCol: boolean;
}

export interface Subband {
  x: number;
  y: number;
  lenx: number;
  leny: number;
}

export interface WsqTrees {
  wTree: WaveletNode[];
  qTree: Subband[];
}

function wTree4(
  w: WaveletNode[],
  start1: number,
  start2: number,
  lenx: number,
  leny: number,
  x: number,
  y: number,
  stop1: boolean,
): void {
  const p1 = start1;
  const p2 = start2;
  const evenx = lenx % 2;
  const eveny = leny % 2;
  const n = (i: number): WaveletNode => w[i]!;

  n(p1).x = x;
  n(p1).y = y;
  n(p1).lenx = lenx;
  n(p1).leny = leny;

  n(p2).x = x;
  n(p2 + 2).x = x;
  n(p2).y = y;
  n(p2 + 1).y = y;

  if (evenx === 0) {
    n(p2).lenx = lenx / 2;
    n(p2 + 1).lenx = n(p2).lenx;
  } else if (p1 === 4) {
    n(p2).lenx = (lenx - 1) / 2;
    n(p2 + 1).lenx = n(p2).lenx + 1;
  } else {
    n(p2).lenx = (lenx + 1) / 2;
    n(p2 + 1).lenx = n(p2).lenx - 1;
  }
  n(p2 + 1).x = n(p2).lenx + x;
  if (!stop1) {
    n(p2 + 3).lenx = n(p2 + 1).lenx;
    n(p2 + 3).x = n(p2 + 1).x;
  }
  n(p2 + 2).lenx = n(p2).lenx;

  if (eveny === 0) {
    n(p2).leny = leny / 2;
    n(p2 + 2).leny = n(p2).leny;
  } else if (p1 === 5) {
    n(p2).leny = (leny - 1) / 2;
    n(p2 + 2).leny = n(p2).leny + 1;
  } else {
    n(p2).leny = (leny + 1) / 2;
    n(p2 + 2).leny = n(p2).leny - 1;
  }
  n(p2 + 2).y = n(p2).leny + y;
  if (!stop1) {
    n(p2 + 3).leny = n(p2 + 2).leny;
    n(p2 + 3).y = n(p2 + 2).y;
  }
  n(p2 + 1).leny = n(p2).leny;
}

function buildWTree(width: number, height: number): WaveletNode[] {
  const w: WaveletNode[] = [];
  for (let i = 0; i < W_TREE_LEN; i++) {
    w.push({ x: 0, y: 0, lenx: 0, leny: 0, invRow: false, invCol: false });
  }
  for (const i of [2, 4, 7, 9, 11, 13, 16, 18]) w[i]!.invRow = true;
  for (const i of [3, 5, 8, 9, 12, 13, 17, 18]) w[i]!.invCol = true;

  wTree4(w, 0, 1, width, height, 0, 0, true);

  const w1 = w[1]!;
  let lenx: number;
  let lenx2: number;
  if (w1.lenx % 2 === 0) {
    lenx = w1.lenx / 2;
    lenx2 = lenx;
  } else {
    lenx = (w1.lenx + 1) / 2;
    lenx2 = lenx - 1;
  }
  let leny: number;
  let leny2: number;
  if (w1.leny % 2 === 0) {
    leny = w1.leny / 2;
    leny2 = leny;
  } else {
    leny = (w1.leny + 1) / 2;
    leny2 = leny - 1;
  }

  wTree4(w, 4, 6, lenx2, leny, lenx, 0, false);
  wTree4(w, 5, 10, lenx, leny2, 0, leny, false);
  wTree4(w, 14, 15, lenx, leny, 0, 0, false);

  const w19 = w[19]!;
  const w15 = w[15]!;
  w19.x = 0;
  w19.y = 0;
  w19.lenx = w15.lenx % 2 === 0 ? w15.lenx / 2 : (w15.lenx + 1) / 2;
  w19.leny = w15.leny % 2 === 0 ? w15.leny / 2 : (w15.leny + 1) / 2;
  return w;
}

function qTree16(
  q: Subband[],
  start: number,
  lenx: number,
  leny: number,
  x: number,
  y: number,
  rw: boolean,
  cl: boolean,
): void {
  const p = start;
  const n = (i: number): Subband => q[p + i]!;
  let tempx: number;
  let temp2x: number;
  let tempy: number;
  let temp2y: number;

  if (lenx % 2 === 0) {
    tempx = lenx / 2;
    temp2x = tempx;
  } else if (cl) {
    temp2x = (lenx + 1) / 2;
    tempx = temp2x - 1;
  } else {
    tempx = (lenx + 1) / 2;
    temp2x = tempx - 1;
  }

  if (leny % 2 === 0) {
    tempy = leny / 2;
    temp2y = tempy;
  } else if (rw) {
    temp2y = (leny + 1) / 2;
    tempy = temp2y - 1;
  } else {
    tempy = (leny + 1) / 2;
    temp2y = tempy - 1;
  }

  let evenx = tempx % 2;
  let eveny = tempy % 2;

  n(0).x = x;
  n(2).x = x;
  n(0).y = y;
  n(1).y = y;
  if (evenx === 0) {
    n(0).lenx = tempx / 2;
    n(1).lenx = n(0).lenx;
    n(2).lenx = n(0).lenx;
    n(3).lenx = n(0).lenx;
  } else {
    n(0).lenx = (tempx + 1) / 2;
    n(1).lenx = n(0).lenx - 1;
    n(2).lenx = n(0).lenx;
    n(3).lenx = n(1).lenx;
  }
  n(1).x = x + n(0).lenx;
  n(3).x = n(1).x;
  if (eveny === 0) {
    n(0).leny = tempy / 2;
    n(1).leny = n(0).leny;
    n(2).leny = n(0).leny;
    n(3).leny = n(0).leny;
  } else {
    n(0).leny = (tempy + 1) / 2;
    n(1).leny = n(0).leny;
    n(2).leny = n(0).leny - 1;
    n(3).leny = n(2).leny;
  }
  n(2).y = y + n(0).leny;
  n(3).y = n(2).y;

  evenx = temp2x % 2;

  n(4).x = x + tempx;
  n(6).x = n(4).x;
  n(4).y = y;
  n(5).y = y;
  n(6).y = n(2).y;
  n(7).y = n(2).y;
  n(4).leny = n(0).leny;
  n(5).leny = n(0).leny;
  n(6).leny = n(2).leny;
  n(7).leny = n(2).leny;
  if (evenx === 0) {
    n(4).lenx = temp2x / 2;
    n(5).lenx = n(4).lenx;
    n(6).lenx = n(4).lenx;
    n(7).lenx = n(4).lenx;
  } else {
    n(5).lenx = (temp2x + 1) / 2;
    n(4).lenx = n(5).lenx - 1;
    n(6).lenx = n(4).lenx;
    n(7).lenx = n(5).lenx;
  }
  n(5).x = n(4).x + n(4).lenx;
  n(7).x = n(5).x;

  eveny = temp2y % 2;

  n(8).x = x;
  n(9).x = n(1).x;
  n(10).x = x;
  n(11).x = n(1).x;
  n(8).y = y + tempy;
  n(9).y = n(8).y;
  n(8).lenx = n(0).lenx;
  n(9).lenx = n(1).lenx;
  n(10).lenx = n(0).lenx;
  n(11).lenx = n(1).lenx;
  if (eveny === 0) {
    n(8).leny = temp2y / 2;
    n(9).leny = n(8).leny;
    n(10).leny = n(8).leny;
    n(11).leny = n(8).leny;
  } else {
    n(10).leny = (temp2y + 1) / 2;
    n(11).leny = n(10).leny;
    n(8).leny = n(10).leny - 1;
    n(9).leny = n(8).leny;
  }
  n(10).y = n(8).y + n(8).leny;
  n(11).y = n(10).y;

  n(12).x = n(4).x;
  n(13).x = n(5).x;
  n(14).x = n(4).x;
  n(15).x = n(5).x;
  n(12).y = n(8).y;
  n(13).y = n(8).y;
  n(14).y = n(10).y;
  n(15).y = n(10).y;
  n(12).lenx = n(4).lenx;
  n(13).lenx = n(5).lenx;
  n(14).lenx = n(4).lenx;
  n(15).lenx = n(5).lenx;
  n(12).leny = n(8).leny;
  n(13).leny = n(8).leny;
  n(14).leny = n(10).leny;
  n(15).leny = n(10).leny;
}

function qTree4(q: Subband[], start: number, lenx: number, leny: number, x: number, y: number): void {
  const n = (i: number): Subband => q[start + i]!;
  n(0).x = x;
  n(2).x = x;
  n(0).y = y;
  n(1).y = y;
  if (lenx % 2 === 0) {
    n(0).lenx = lenx / 2;
    n(1).lenx = n(0).lenx;
    n(2).lenx = n(0).lenx;
    n(3).lenx = n(0).lenx;
  } else {
    n(0).lenx = (lenx + 1) / 2;
    n(1).lenx = n(0).lenx - 1;
    n(2).lenx = n(0).lenx;
    n(3).lenx = n(1).lenx;
  }
  n(1).x = x + n(0).lenx;
  n(3).x = n(1).x;
  if (leny % 2 === 0) {
    n(0).leny = leny / 2;
    n(1).leny = n(0).leny;
    n(2).leny = n(0).leny;
    n(3).leny = n(0).leny;
  } else {
    n(0).leny = (leny + 1) / 2;
    n(1).leny = n(0).leny;
    n(2).leny = n(0).leny - 1;
    n(3).leny = n(2).leny;
  }
  n(2).y = y + n(0).leny;
  n(3).y = n(2).y;
}

function buildQTree(w: WaveletNode[]): Subband[] {
  const q: Subband[] = [];
  for (let i = 0; i < MAX_SUBBANDS; i++) q.push({ x: 0, y: 0, lenx: 0, leny: 0 });
  const node = (i: number): WaveletNode => w[i]!;
  qTree16(q, 3, node(14).lenx, node(14).leny, node(14).x, node(14).y, false, false);
  qTree16(q, 19, node(4).lenx, node(4).leny, node(4).x, node(4).y, false, true);
  qTree16(q, 48, node(0).lenx, node(0).leny, node(0).x, node(0).y, false, false);
  qTree16(q, 35, node(5).lenx, node(5).leny, node(5).x, node(5).y, true, false);
  qTree4(q, 0, node(19).lenx, node(19).leny, node(19).x, node(19).y);
  return q;
}

/** Builds the wavelet and quantization trees for an image of the given size. */
export function buildTrees(width: number, height: number): WsqTrees {
  const wTree = buildWTree(width, height);
  return { wTree, qTree: buildQTree(wTree) };
}

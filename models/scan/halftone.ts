/**
 * Halftone and moiré: a laser, inkjet-on-plain-paper or offset print is a screen of dots at a
 * fixed pitch and angle, which a scan shows as isolated peaks in the spectrum (at the screen
 * frequency, or aliased to a lower one: moiré); a photographic print has a smooth spectrum. The
 * measure is the strongest spectral peak of a window of the scan inside the photo, as a ratio to
 * the median power at the same frequency radius, after 3x3 smoothing of the power (which keeps a
 * screen's peak and tames the random peaks of grain and noise). Bins near the axes are left out:
 * the scanner's own JPEG 8x8 grid puts its peaks there. Pure functions, a hand-written FFT.
 */

/** In-place radix-2 FFT of `re`/`im` (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    const wr = Math.cos(ang);
    const wi = Math.sin(ang);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/** Power spectrum of an n x n window (Hann-windowed, mean removed), centred (DC at n/2, n/2). */
function powerSpectrum(window: Float64Array, n: number): Float64Array {
  let mean = 0;
  for (const v of window) mean += v;
  mean /= window.length;
  const hann = Float64Array.from(
    { length: n },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n),
  );
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) re[y * n + x] = (window[y * n + x]! - mean) * hann[x]! * hann[y]!;
  const rowRe = new Float64Array(n);
  const rowIm = new Float64Array(n);
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const i = pass === 0 ? a * n + b : b * n + a;
        rowRe[b] = re[i]!;
        rowIm[b] = im[i]!;
      }
      fft(rowRe, rowIm);
      for (let b = 0; b < n; b++) {
        const i = pass === 0 ? a * n + b : b * n + a;
        re[i] = rowRe[b]!;
        im[i] = rowIm[b]!;
      }
    }
  }
  const power = new Float64Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      power[((y + n / 2) % n) * n + ((x + n / 2) % n)] = re[i]! ** 2 + im[i]! ** 2;
    }
  return power;
}

/** Largest power of two window (32..256) fitting in `size`. */
export function windowSize(size: number): number {
  let n = 32;
  while (n * 2 <= Math.min(256, size)) n *= 2;
  return n;
}

/**
 * Peak ratio of a luma window (n x n, n a power of two): max over frequencies 0.08..0.71
 * cycles/pixel of the smoothed power over the median smoothed power of its radius ring.
 */
export function halftonePeakRatio(window: Float64Array, n: number): number {
  const power = powerSpectrum(window, n);
  const smooth = new Float64Array(n * n);
  for (let y = 1; y < n - 1; y++)
    for (let x = 1; x < n - 1; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += power[(y + dy) * n + x + dx]!;
      smooth[y * n + x] = s / 9;
    }
  const rings = 48;
  const byRing: number[][] = Array.from({ length: rings }, () => []);
  const ringOf = new Int32Array(n * n).fill(-1);
  const c = n / 2;
  const axisBand = Math.max(2, n / 64);
  for (let y = 1; y < n - 1; y++)
    for (let x = 1; x < n - 1; x++) {
      const fx = (x - c) / n;
      const fy = (y - c) / n;
      const r = Math.hypot(fx, fy);
      if (r < 0.08 || Math.abs(x - c) <= axisBand || Math.abs(y - c) <= axisBand) continue;
      const ring = Math.min(rings - 1, Math.floor((r / 0.71) * rings));
      ringOf[y * n + x] = ring;
      byRing[ring]!.push(smooth[y * n + x]!);
    }
  const medians = byRing.map((values) => {
    if (values.length === 0) return Number.POSITIVE_INFINITY;
    values.sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  });
  let peak = 0;
  for (let i = 0; i < n * n; i++) {
    const ring = ringOf[i]!;
    if (ring < 0) continue;
    const m = medians[ring]!;
    if (m > 0 && Number.isFinite(m)) peak = Math.max(peak, smooth[i]! / m);
  }
  return peak;
}

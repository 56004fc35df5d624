/**
 * Synthetic fixtures for the WSQ unit tests: deterministic fingerprint-like images (curved
 * ridges with noise) and image-quality helpers, so the tests need no external data.
 */
import { seededRandom } from '../../../common/prng';

/** A fingerprint-like 8-bit image: ridges around a core, dark on light, with sensor noise. */
export function syntheticFingerprint(width: number, height: number, seed = 1): Uint8Array {
  const rnd = seededRandom(seed);
  const px = new Uint8Array(width * height);
  const cx = width * (0.45 + 0.1 * rnd());
  const cy = height * (0.4 + 0.1 * rnd());
  const period = 8 + 2 * rnd();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = (y - cy) * 1.3;
      const r = Math.sqrt(dx * dx + dy * dy);
      const warp = 3 * Math.sin(x / 23) + 2 * Math.cos(y / 31);
      const ridge = Math.cos((2 * Math.PI * (r + warp)) / period);
      const edge = Math.min(1, Math.max(0, 1.4 - r / (0.55 * Math.max(width, height))));
      const v = 200 - edge * (70 + 60 * ridge) + (rnd() - 0.5) * 16;
      px[y * width + x] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return px;
}

export function psnr(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new Error('psnr: size mismatch');
  let se = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    se += d * d;
  }
  if (se === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10((255 * 255 * a.length) / se);
}

/** Marker codes (0xFFxx) of the marker segments of a WSQ stream, skipping entropy-coded data. */
export function listMarkers(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let p = 0;
  const u16 = (i: number): number => (bytes[i]! << 8) | bytes[i + 1]!;
  while (p + 1 < bytes.length) {
    const m = u16(p);
    out.push(m);
    p += 2;
    if (m === 0xffa0) continue;
    if (m === 0xffa1) break;
    p += u16(p);
    if (m === 0xffa3) {
      for (;;) {
        while (p + 1 < bytes.length && !(bytes[p] === 0xff && bytes[p + 1] !== 0)) p++;
        const next = p + 1 < bytes.length ? u16(p) : 0;
        if (next < 0xffb0 || next > 0xffb7) break;
        out.push(next);
        p += 2;
      }
    }
  }
  return out;
}

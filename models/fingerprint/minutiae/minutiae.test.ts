import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { randomMinutiae, renderPattern, transformPoint } from '../synthetic/patterns';
import { gaborEnhance } from './enhance';
import { analyzeFingerprint, extractTemplate } from './extract';
import { estimatePeriods } from './frequency';
import { clipRidgeSignal, normalizeLocal, RIDGE_SIGNAL_CLIP } from './normalize';
import { computeOrientation } from './orientation';
import { segment } from './segmentation';
import { CROSSING_NUMBER, neighbourhoodCode, thin } from './skeleton';
import { angleDiff } from './types';

const base = { width: 320, height: 360, period: 9, kind: 'parallel' as const };

/** Circular mean of doubled angles (orientation in [0, π)). */
function meanOrientation(theta: Float32Array, mask: Uint8Array): number {
  let c = 0;
  let s = 0;
  for (let i = 0; i < theta.length; i++) {
    if (!mask[i]) continue;
    c += Math.cos(2 * theta[i]!);
    s += Math.sin(2 * theta[i]!);
  }
  const t = Math.atan2(s, c) / 2;
  return t < 0 ? t + Math.PI : t;
}

describe('segmentation', () => {
  it('finds the elliptical finger area on a white background', () => {
    const img = renderPattern({ ...base, ridgeAngle: 0.3 });
    const seg = segment(img);
    const ellipse = Math.PI * (0.4 * 320) * (0.45 * 360);
    assert.ok(Math.abs(seg.area - ellipse) / ellipse < 0.15, `area ${seg.area} vs ${ellipse}`);
    assert.equal(seg.mask[180 * 320 + 160], 1);
    assert.equal(seg.mask[5 * 320 + 5], 0);
  });

  it('leaves out textured but directionless areas (latent residue, sensor noise)', () => {
    const img = renderPattern({ ...base, ridgeAngle: 0.3 });
    // Speckle as strong as the ridges over the right third (finger and background alike).
    const pixels = img.pixels.slice();
    let state = 7;
    for (let y = 0; y < 360; y++) {
      for (let x = 230; x < 320; x++) {
        state = (state * 1103515245 + 12345) >>> 0;
        pixels[y * 320 + x] = state & 0x100 ? 230 : 60;
      }
    }
    const seg = segment({ ...img, pixels });
    let noisy = 0;
    for (let y = 0; y < 360; y++) for (let x = 250; x < 320; x++) noisy += seg.mask[y * 320 + x]!;
    assert.ok(noisy < 0.05 * 70 * 360, `noise kept as foreground: ${noisy} px`);
    assert.equal(seg.mask[180 * 320 + 120], 1);
  });
});

describe('orientation field', () => {
  for (const angle of [0, Math.PI / 6, Math.PI / 2, (3 * Math.PI) / 4]) {
    it(`recovers a ridge direction of ${Math.round((angle * 180) / Math.PI)}°`, () => {
      const img = renderPattern({ ...base, ridgeAngle: angle, noise: 15, seed: 3 });
      const seg = segment(img);
      const { theta, coherence } = computeOrientation(normalizeLocal(img), img.width, img.height);
      const t = meanOrientation(theta, seg.mask);
      const err = Math.abs(angleDiff(2 * t, 2 * angle)) / 2;
      assert.ok(err < (2 * Math.PI) / 180, `error ${(err * 180) / Math.PI}°`);
      // Clean parallel ridges are highly coherent at the centre.
      assert.ok(coherence[180 * 320 + 160]! > 0.8);
    });
  }
});

describe('ridge signal clip', () => {
  it('keeps ridge values and caps blots', () => {
    const out = clipRidgeSignal(Float32Array.from([0.5, -1.2, 2.9, -3]));
    assert.deepEqual(
      [...out].map((v) => Math.round(v * 100) / 100),
      [0.5, -1.2, RIDGE_SIGNAL_CLIP, -RIDGE_SIGNAL_CLIP],
    );
  });

  it('keeps ink-dark blots from turning into ridges after enhancement', () => {
    const img = renderPattern({ ...base, ridgeAngle: 0.3, noise: 6, seed: 5, contrast: 40 });
    const pixels = img.pixels.slice();
    // Blots darker than any ridge (dry-print pore clusters, residue) on a grid over the finger.
    const blots: [number, number][] = [];
    for (let y = 110; y <= 250; y += 35) for (let x = 100; x <= 220; x += 30) blots.push([x, y]);
    for (const [cx, cy] of blots) {
      for (let y = cy - 5; y <= cy + 5; y++)
        for (let x = cx - 5; x <= cx + 5; x++)
          if ((x - cx) ** 2 + (y - cy) ** 2 <= 25) pixels[y * 320 + x] = 0;
    }
    const clean = normalizeLocal(img);
    const seg = segment(img);
    const { theta } = computeOrientation(clean, 320, 360);
    const periods = estimatePeriods(clean, 320, 360, theta, seg.mask);
    const reference = gaborEnhance(clipRidgeSignal(clean), 320, 360, theta, periods, seg.mask);
    const blotted = normalizeLocal({ ...img, pixels });
    // Share of pixels around the blots whose ridge/valley sign differs from the blot-free print.
    const wrong = (signal: Float32Array) => {
      const e = gaborEnhance(signal, 320, 360, theta, periods, seg.mask);
      let bad = 0;
      let n = 0;
      for (const [cx, cy] of blots) {
        for (let y = cy - 12; y <= cy + 12; y++)
          for (let x = cx - 12; x <= cx + 12; x++) {
            const i = y * 320 + x;
            n++;
            if (e[i]! > 0 !== reference[i]! > 0) bad++;
          }
      }
      return bad / n;
    };
    const clipped = wrong(clipRidgeSignal(blotted));
    const unclipped = wrong(blotted);
    assert.ok(
      clipped < 0.8 * unclipped,
      `clipped ${clipped.toFixed(3)} vs unclipped ${unclipped.toFixed(3)}`,
    );
    assert.ok(clipped < 0.1, `ridge/valley flips around blots: ${clipped.toFixed(3)}`);
  });
});

describe('ridge frequency', () => {
  for (const period of [7, 9, 12]) {
    it(`measures a ridge period of ${period} px`, () => {
      const img = renderPattern({ ...base, period, ridgeAngle: 1.1 });
      const seg = segment(img);
      const norm = normalizeLocal(img);
      const { theta } = computeOrientation(norm, img.width, img.height);
      const map = estimatePeriods(norm, img.width, img.height, theta, seg.mask);
      assert.ok(Math.abs(map.median - period) < 0.6, `median ${map.median}`);
    });
  }
});

describe('thinning', () => {
  it('reduces a thick bar to a one-pixel line with two endings', () => {
    const w = 40;
    const h = 20;
    const bin = new Uint8Array(w * h);
    for (let y = 7; y < 13; y++) for (let x = 5; x < 35; x++) bin[y * w + x] = 1;
    const sk = thin(bin, w, h);
    let endings = 0;
    let pixels = 0;
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        if (!sk[i]) continue;
        pixels++;
        // No 2x2 block of skeleton pixels: one pixel wide.
        assert.ok(!(sk[i + 1] && sk[i + w] && sk[i + w + 1]));
        const code = neighbourhoodCode(sk, i, w);
        if (CROSSING_NUMBER[code] === 1) endings++;
      }
    }
    assert.equal(endings, 2);
    assert.ok(pixels >= 20 && pixels <= 32, `${pixels} skeleton pixels`);
  });
});

describe('minutiae detection', () => {
  it('finds the planted minutiae and few spurious ones', () => {
    const planted = randomMinutiae(base, 14, 7);
    const img = renderPattern({ ...base, ridgeAngle: 0.5, minutiae: planted, noise: 10, seed: 5 });
    const { minutiae } = analyzeFingerprint(img);
    const found = planted.filter((p) => minutiae.some((m) => Math.hypot(m.x - p.x, m.y - p.y) < 8));
    assert.ok(found.length >= 12, `found ${found.length}/14 planted minutiae`);
    const spurious = minutiae.filter((m) => !planted.some((p) => Math.hypot(m.x - p.x, m.y - p.y) < 8));
    assert.ok(spurious.length <= 5, `${spurious.length} spurious minutiae`);
    for (const m of minutiae) {
      assert.ok(m.quality >= 1 && m.quality <= 100);
      assert.ok(m.angle >= 0 && m.angle < 2 * Math.PI);
    }
  });

  it('gives minutia directions along the ridge flow', () => {
    const ridgeAngle = 0.5;
    const planted = randomMinutiae(base, 10, 11);
    const { minutiae } = analyzeFingerprint(renderPattern({ ...base, ridgeAngle, minutiae: planted }));
    assert.ok(minutiae.length >= 8);
    // Far from other singularities the flow stays close to the base direction (mod π).
    const aligned = minutiae.filter(
      (m) => Math.abs(angleDiff(2 * m.angle, 2 * ridgeAngle)) / 2 < Math.PI / 6,
    );
    assert.ok(aligned.length >= 0.7 * minutiae.length, `${aligned.length}/${minutiae.length} aligned`);
  });

  it('follows a rigid transform of the image', () => {
    const planted = randomMinutiae(base, 12, 21);
    const spec = { ...base, ridgeAngle: 1.2, minutiae: planted };
    const t = { rotation: 0.4, dx: 10, dy: -6 };
    const moved = extractTemplate(renderPattern(spec, t));
    const expected = planted.map((p) => transformPoint(spec, t, p.x, p.y));
    const found = expected.filter((p) => moved.minutiae.some((m) => Math.hypot(m.x - p.x, m.y - p.y) < 8));
    assert.ok(found.length >= 9, `found ${found.length}/${expected.length}`);
  });

  it('returns an empty template for a blank image', () => {
    const blank = { width: 200, height: 200, ppi: 500, pixels: new Uint8Array(200 * 200).fill(250) };
    assert.equal(extractTemplate(blank).minutiae.length, 0);
  });
});

describe('extraction robustness', () => {
  it('never throws on arbitrary small images and keeps minutiae inside the image', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: 1, max: 96 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom('noise', 'flat', 'stripes'),
        (width, height, seed, kind) => {
          let state = seed;
          const pixels = new Uint8Array(width * height);
          for (let i = 0; i < pixels.length; i++) {
            state = (state * 1103515245 + 12345) >>> 0;
            pixels[i] = kind === 'flat' ? 128 : kind === 'stripes' ? (i % 9 < 4 ? 20 : 230) : state >>> 24;
          }
          const t = extractTemplate({ width, height, ppi: 500, pixels });
          for (const m of t.minutiae) assert.ok(m.x >= 0 && m.y >= 0 && m.x < width && m.y < height);
        },
      ),
      { numRuns: 30 },
    );
  });
});

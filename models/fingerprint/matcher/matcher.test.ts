import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { seededRandom } from '../../../common/prng';
import { extractTemplate } from '../minutiae/extract';
import type { FingerprintTemplate, Minutia } from '../minutiae/types';
import { normalizeAngle } from '../minutiae/types';
import { randomMinutiae, renderPattern } from '../synthetic/patterns';
import { encodeIso19794_2, parseIsoTemplate } from '../template/iso19794-2';
import { compareTemplates, OVERLAP_PRIOR } from './compare';
import { fuseScores } from './fusion';
import { convexHull, HullTest } from './hull';
import { FINGERPRINT_MATCH_THRESHOLD } from './threshold';

const W = 320;
const H = 360;

function randomTemplate(seed: number, count = 35): FingerprintTemplate {
  const rand = seededRandom(seed);
  const minutiae: Minutia[] = [];
  while (minutiae.length < count) {
    const x = 30 + rand() * (W - 60);
    const y = 30 + rand() * (H - 60);
    if (minutiae.some((m) => Math.hypot(m.x - x, m.y - y) < 15)) continue;
    minutiae.push({
      x,
      y,
      angle: rand() * 2 * Math.PI,
      type: rand() < 0.5 ? 'ending' : 'bifurcation',
      quality: 60,
    });
  }
  return { width: W, height: H, ppi: 500, minutiae };
}

/** Rigidly moves a template, with positional/angular jitter, dropped and spurious minutiae. */
function distort(
  t: FingerprintTemplate,
  seed: number,
  rotation: number,
  dx: number,
  dy: number,
): FingerprintTemplate {
  const rand = seededRandom(seed);
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  const jitter = () => (rand() - 0.5) * 4;
  const moved: Minutia[] = [];
  for (const m of t.minutiae) {
    if (rand() < 0.2) continue; // missed by the extractor
    const x = W / 2 + (m.x - W / 2) * c - (m.y - H / 2) * s + dx + jitter();
    const y = H / 2 + (m.x - W / 2) * s + (m.y - H / 2) * c + dy + jitter();
    moved.push({ ...m, x, y, angle: normalizeAngle(m.angle + rotation + (rand() - 0.5) * 0.15) });
  }
  for (let k = 0; k < 5; k++) {
    moved.push({ x: rand() * W, y: rand() * H, angle: rand() * 2 * Math.PI, type: 'ending', quality: 30 });
  }
  return { ...t, minutiae: moved };
}

describe('convex hull', () => {
  it('contains inner points and points within the margin only', () => {
    const hull = convexHull([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
      { x: 5, y: 5 },
    ]);
    assert.equal(hull.length, 4);
    assert.ok(new HullTest(hull, 0).contains(5, 5));
    assert.ok(!new HullTest(hull, 0).contains(11, 5));
    assert.ok(new HullTest(hull, 4).contains(13, 5));
    assert.ok(new HullTest(hull, 4).contains(-2, -2));
    assert.ok(!new HullTest(hull, 4).contains(15, 5));
  });
});

describe('compareTemplates on minutiae sets', () => {
  it('pairs every minutia of a template with itself and is symmetric', () => {
    const a = randomTemplate(1);
    const b = randomTemplate(2);
    const self = compareTemplates(a, a);
    assert.equal(self.matchedMinutiae, a.minutiae.length);
    // All 35 paired exactly: 35² / (35 + prior)².
    const n = a.minutiae.length;
    assert.ok(Math.abs(self.score - (n * n) / (n + OVERLAP_PRIOR) ** 2) < 1e-9, `self ${self.score}`);
    assert.equal(compareTemplates(a, b).score, compareTemplates(b, a).score);
    assert.deepEqual(
      compareTemplates(b, a)
        .matchedPairs.map(([i, j]) => [j, i])
        .sort(),
      compareTemplates(a, b)
        .matchedPairs.map((p) => [...p])
        .sort(),
    );
  });

  it('returns 0 for empty or tiny templates', () => {
    const empty = { width: W, height: H, ppi: 500, minutiae: [] };
    assert.equal(compareTemplates(empty, randomTemplate(3)).score, 0);
    assert.equal(compareTemplates(empty, empty).score, 0);
  });

  it('accepts rotated, translated and distorted copies and rejects other templates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: -Math.PI / 4, max: Math.PI / 4, noNaN: true }),
        fc.integer({ min: -40, max: 40 }),
        fc.integer({ min: -40, max: 40 }),
        (seed, rotation, dx, dy) => {
          const a = randomTemplate(seed);
          const genuine = compareTemplates(a, distort(a, seed + 1, rotation, dx, dy)).score;
          const impostor = compareTemplates(
            a,
            distort(randomTemplate(seed + 7), seed + 2, rotation, dx, dy),
          ).score;
          assert.ok(genuine >= FINGERPRINT_MATCH_THRESHOLD * 3, `genuine ${genuine}`);
          assert.ok(impostor < FINGERPRINT_MATCH_THRESHOLD, `impostor ${impostor}`);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('degrades with decreasing overlap', () => {
    const a = randomTemplate(5, 45);
    const crop = (t: FingerprintTemplate, maxX: number) => ({
      ...t,
      minutiae: t.minutiae.filter((m) => m.x < maxX),
    });
    const full = compareTemplates(a, crop(a, W)).score;
    const half = compareTemplates(a, crop(a, W * 0.5)).score;
    const sliver = compareTemplates(a, crop(a, W * 0.15)).score;
    assert.ok(full > half && half > sliver, `${full} > ${half} > ${sliver}`);
    assert.ok(half >= FINGERPRINT_MATCH_THRESHOLD);
  });
});

describe('compareTemplates on synthetic images', () => {
  const base = { width: W, height: H, period: 9, kind: 'parallel' as const, ridgeAngle: 0.5, noise: 8 };
  const spec = { ...base, minutiae: randomMinutiae(base, 14, 7), seed: 1 };
  const reference = extractTemplate(renderPattern(spec));

  it('matches a rotated and translated capture well above the threshold', () => {
    const moved = extractTemplate(renderPattern({ ...spec, seed: 2 }, { rotation: 0.35, dx: 12, dy: -8 }));
    const result = compareTemplates(reference, moved);
    assert.ok(result.score > 5 * FINGERPRINT_MATCH_THRESHOLD, `score ${result.score}`);
    // Most of the 14 planted minutiae are paired by the alignment check.
    assert.ok(result.matchedMinutiae >= 9, `matched ${result.matchedMinutiae}`);
  });

  it('rejects a different ridge pattern', () => {
    const other = extractTemplate(
      renderPattern({ ...base, minutiae: randomMinutiae(base, 14, 99), seed: 3 }),
    );
    const concentric = extractTemplate(
      renderPattern({ ...base, kind: 'concentric', minutiae: randomMinutiae(base, 14, 5), seed: 4 }),
    );
    const r = compareTemplates(reference, other);
    assert.ok(r.score < FINGERPRINT_MATCH_THRESHOLD);
    assert.ok(r.matchedMinutiae <= 5, `matched ${r.matchedMinutiae}`);
    assert.ok(compareTemplates(reference, concentric).score < FINGERPRINT_MATCH_THRESHOLD);
  });

  it('gives the same decision through an ISO 19794-2 round trip', () => {
    const moved = extractTemplate(renderPattern({ ...spec, seed: 5 }, { rotation: -0.2, dx: -5, dy: 10 }));
    const direct = compareTemplates(reference, moved).score;
    const viaIso = compareTemplates(
      parseIsoTemplate(encodeIso19794_2(reference)),
      parseIsoTemplate(encodeIso19794_2(moved)),
    ).score;
    assert.ok(Math.abs(direct - viaIso) < 0.1 * direct + 0.01, `${direct} vs ${viaIso}`);
    assert.ok(viaIso >= FINGERPRINT_MATCH_THRESHOLD);
  });
});

describe('fuseScores', () => {
  it('applies mean, max and sum rules', () => {
    assert.ok(Math.abs(fuseScores([0.2, 0.4]) - 0.3) < 1e-12);
    assert.equal(fuseScores([0.2, 0.4], 'max'), 0.4);
    assert.ok(Math.abs(fuseScores([0.2, 0.4], 'sum') - 0.6) < 1e-12);
  });

  it('rejects empty or invalid input', () => {
    assert.throws(() => fuseScores([]), RangeError);
    assert.throws(() => fuseScores([Number.NaN]), RangeError);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDetPlot } from './det-plot';
import { twoFingerPairs } from './fusion-protocol';
import { detCurve, equalErrorRate, fnmrAtFmr, ratesAt, spearman } from './metrics';
import { fvcPairs, parseFvcName, type Sample } from './protocol';
import { summarizeRates } from './summary';

describe('FVC protocol', () => {
  it('produces 280 genuine, 45 FVC impostor and 2,880 cross-finger pairs for 10 x 8', () => {
    const samples: Sample[] = [];
    for (let f = 101; f <= 110; f++) for (let i = 1; i <= 8; i++) samples.push({ finger: f, impression: i });
    const p = fvcPairs(samples);
    assert.equal(p.genuine.length, 280);
    assert.equal(p.impostorFvc.length, 45);
    assert.equal(p.impostorAll.length, 2880);
    for (const [i, j] of p.impostorFvc)
      assert.deepEqual([samples[i]!.impression, samples[j]!.impression], [1, 1]);
  });

  it('parses FVC file names', () => {
    assert.deepEqual(parseFvcName('107_3.tif'), { finger: 107, impression: 3 });
    assert.equal(parseFvcName('readme.txt'), undefined);
  });
});

describe('error metrics', () => {
  it('computes FMR/FNMR at a threshold (accept when score >= threshold)', () => {
    const r = ratesAt([0.5, 0.6, 0.7, 0.8], [0.1, 0.2, 0.6], 0.6);
    assert.equal(r.fmr, 1 / 3);
    assert.equal(r.fnmr, 1 / 4);
  });

  it('gives EER 0 for separated scores and 0.5 for identical distributions', () => {
    assert.equal(equalErrorRate([0.8, 0.9], [0.1, 0.2]).eer, 0);
    const same = [0.1, 0.2, 0.3, 0.4];
    assert.ok(Math.abs(equalErrorRate(same, same).eer - 0.5) <= 0.125);
  });

  it('finds the EER of a known overlap', () => {
    // 10 genuine 1..10, 10 impostor 0..9 shifted: one crossing at 10 %.
    const g = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => v + 8.5);
    const i = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v + 1);
    const e = equalErrorRate(g, i);
    assert.ok(Math.abs(e.eer - 0.1) < 1e-9, `eer ${e.eer}`);
  });

  it('reports FNMR at a target FMR and the threshold achieving it', () => {
    const impostor = Array.from({ length: 1000 }, (_, k) => k / 1000);
    const genuine = [0.5, 0.9985, 0.9995, 2];
    const r = fnmrAtFmr(genuine, impostor, 0.001);
    assert.ok(r.fmr <= 0.001);
    // Lowest threshold accepting at most 1 of 1000 impostors (0.999): a candidate score just below.
    assert.equal(r.threshold, 0.9985);
    assert.equal(r.fnmr, 0.25);
    const curve = detCurve(genuine, impostor);
    for (let k = 1; k < curve.length; k++) {
      assert.ok(curve[k]!.fmr <= curve[k - 1]!.fmr && curve[k]!.fnmr >= curve[k - 1]!.fnmr);
    }
  });

  it('computes Spearman rank correlation', () => {
    assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    assert.ok(Math.abs(spearman([1, 2, 3, 4], [1, 3, 2, 4]) - 0.8) < 1e-9);
  });
});

describe('DET plot', () => {
  it('draws curves into an RGB buffer', () => {
    const img = renderDetPlot(
      [{ points: detCurve([0.5, 0.7, 0.9], [0.1, 0.3, 0.6]), color: [0, 0, 255] }],
      [{ fmr: 0.01, fnmr: 0.1, color: [255, 0, 0] }],
    );
    assert.equal(img.data.length, img.width * img.height * 3);
    let blue = 0;
    let red = 0;
    for (let k = 0; k < img.data.length; k += 3) {
      if (img.data[k] === 0 && img.data[k + 1] === 0 && img.data[k + 2] === 255) blue++;
      if (img.data[k] === 255 && img.data[k + 1] === 0 && img.data[k + 2] === 0) red++;
    }
    assert.ok(blue > 100 && red > 20, `blue ${blue}, red ${red}`);
  });
});

describe('two-finger virtual subjects', () => {
  it('pairs consecutive fingers: 140 genuine and 640 impostor fused comparisons for 10 x 8', () => {
    const samples: Sample[] = [];
    for (let f = 101; f <= 110; f++) for (let i = 1; i <= 8; i++) samples.push({ finger: f, impression: i });
    const p = twoFingerPairs(samples);
    assert.deepEqual(p.subjects[0], [101, 102]);
    assert.equal(p.subjects.length, 5);
    assert.equal(p.genuine.length, 5 * 28);
    assert.equal(p.impostor.length, 10 * 64);
    const finger = (k: number) => samples[k]!.finger;
    for (const [[a1, b1], [a2, b2]] of p.genuine) {
      assert.equal(finger(a1), finger(b1));
      assert.equal(finger(a2), finger(b2));
      assert.notEqual(finger(a1), finger(a2));
      assert.equal(samples[a1]!.impression, samples[a2]!.impression);
    }
    for (const [[a1, b1], [a2, b2]] of p.impostor) {
      assert.notEqual(finger(a1), finger(b1));
      assert.notEqual(finger(a2), finger(b2));
    }
  });
});

describe('rate summary', () => {
  it('reports FNMR at FMR 1 %, 0.1 %, 0.01 % and zero FMR', () => {
    // 1,000 impostors 0..999, 100 genuine 990..1089: at FMR 1 % (threshold 990) no genuine is lost.
    const impostor = Array.from({ length: 1000 }, (_, k) => k);
    const genuine = Array.from({ length: 100 }, (_, k) => 990 + k);
    const s = summarizeRates(genuine, impostor);
    assert.equal(s.fnmrAtFmr1.fnmr, 0);
    assert.equal(s.fnmrAtFmr01.threshold, 999);
    assert.equal(s.fnmrAtFmr01.fnmr, 0.09);
    assert.equal(s.fnmrAtZeroFmr.fnmr, 0.1);
    assert.equal(s.fnmrAtFmr001.fnmr, 0.1);
  });
});

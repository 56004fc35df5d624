/**
 * Runs scripts/eval-fingerprint.ts on a small subset (3 fingers = 24 images) of the
 * shared FVC2002 DB1 B set when it is present (all three conditions), and checks that its
 * outputs are sane.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sharedData = path.resolve(repoRoot, '../shared/data');
const set = 'fvc2002_db1_b';

test('fingerprint evaluation harness on 3 fingers of FVC2002 DB1 B', { timeout: 120_000 }, (t) => {
  if (!existsSync(path.join(sharedData, 'fingerprint', set))) {
    t.skip(`shared data absent: ${path.join(sharedData, 'fingerprint', set)} not found`);
    return;
  }
  const out = mkdtempSync(path.join(tmpdir(), 'recueil-fp-eval-'));
  try {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval-fingerprint.ts', '--set', set, '--fingers', '3', '--out', out],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(run.status, 0, `harness failed:\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /EER/);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    const r = results.sets[0];
    assert.equal(r.set, set);
    assert.equal(r.images, 24);
    assert.equal(r.fvcImpostors.impostor, 3);
    for (const condition of ['raw', 'wsq', 'resample']) {
      const rates = r.conditions[condition];
      assert.equal(rates.genuine, 3 * 28, condition);
      assert.equal(rates.impostor, 3 * 64, condition);
      for (const v of [rates.eer, rates.fnmrAtFmr1.fnmr, rates.fnmrAtFmr01.fnmr, rates.fnmrAtZeroFmr.fnmr])
        assert.ok(v >= 0 && v <= 1, `${condition}: ${v}`);
      // Sanity bound, far looser than the full-set target: a broken matcher lands near 50 %.
      assert.ok(rates.eer < 0.2, `${condition} EER ${rates.eer}`);
    }
    const raw = r.scoresRaw.raw;
    const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
    assert.ok(mean(raw.genuine) > mean(raw.impostor), 'genuine mean must exceed impostor mean');
    assert.ok(r.timingsMs.extraction.mean > 0 && r.timingsMs.comparison.mean > 0);
    assert.ok(r.timingsMs.certificationDecision.mean > 0);
    assert.equal(results.calibration.fmr, 0.001);
    assert.ok(Number.isFinite(results.calibration.singleFinger.threshold));
    assert.match(readFileSync(path.join(out, 'report.md'), 'utf8'), /FNMR@FMR0\.1%/);
    for (const png of [
      'det.png',
      `failures/1_${r.lowestGenuine[0].a.replace('.tif', '')}_${r.lowestGenuine[0].b.replace('.tif', '')}.png`,
    ]) {
      const bytes = readFileSync(path.join(out, set, png));
      assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], png);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

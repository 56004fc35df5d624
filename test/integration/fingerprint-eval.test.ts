/**
 * Runs scripts/eval-fingerprint.ts on a small subset (3 fingers = 24 images) of the
 * shared FVC2002 DB1 B set when it is present, and checks that its outputs are sane.
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
    assert.equal(results.images, 24);
    assert.equal(results.allCrossFinger.genuine, 3 * 28);
    assert.equal(results.allCrossFinger.impostor, 3 * 64);
    assert.equal(results.fvcImpostors.impostor, 3);
    assert.ok(
      results.scores.genuineMean > results.scores.impostorMean,
      'genuine mean must exceed impostor mean',
    );
    for (const rates of [results.allCrossFinger, results.fvcImpostors]) {
      assert.ok(rates.eer >= 0 && rates.eer <= 1, `EER ${rates.eer}`);
      assert.ok(rates.fnmrAtFmr1.fnmr >= 0 && rates.fnmrAtFmr1.fnmr <= 1);
    }
    // Sanity bound, far looser than the full-set target: a broken matcher lands near 50 %.
    assert.ok(results.allCrossFinger.eer < 0.2, `EER ${results.allCrossFinger.eer}`);
    assert.ok(results.timingsMs.extraction.mean > 0 && results.timingsMs.comparisonCachedCylinders.mean > 0);
    const png = readFileSync(path.join(out, 'det.png'));
    assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

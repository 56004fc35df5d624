/**
 * Fingerprint engine benchmark: extraction and comparison time on one core, and the memory of a
 * template. Uses FVC2002 DB1 B when ../shared/data is present (real prints), else synthetic ridges.
 * Targets (issue 6): extraction <= 150 ms per 500 ppi image, comparison <= 5 ms.
 *   node --import tsx bench/fingerprint.bench.ts [--out bench/results/fingerprint.json]
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compareTemplates,
  extractTemplate,
  type GreyImage,
  loadFingerprintImage,
} from '../models/fingerprint';
import { randomMinutiae, renderPattern } from '../models/fingerprint/testing/synthetic';
import { outPath, stats, time, writeResult } from './harness';

const root = fileURLToPath(new URL('..', import.meta.url));
const fvc = resolve(root, '../shared/data/fingerprint/fvc2002_db1_b');

async function images(): Promise<{ source: string; images: GreyImage[] }> {
  if (existsSync(fvc)) {
    const files = readdirSync(fvc)
      .filter((f) => /_[12]\.tif$/.test(f))
      .sort();
    return {
      source: 'fvc2002_db1_b (impressions 1-2 of 10 fingers)',
      images: await Promise.all(files.map((f) => loadFingerprintImage(join(fvc, f)))),
    };
  }
  const spec = { width: 388, height: 374, period: 9, kind: 'concentric' as const };
  return {
    source: 'synthetic ridge patterns (shared data absent)',
    images: Array.from({ length: 10 }, (_, i) =>
      renderPattern({ ...spec, minutiae: randomMinutiae(spec, 30, i + 1), seed: i }),
    ),
  };
}

const { source, images: set } = await images();
// Warm-up (JIT) on two images, not counted.
for (const image of set.slice(0, 2)) extractTemplate(image);
const extraction = set.map((image) => time(() => extractTemplate(image)));
const templates = extraction.map((e) => e.value);
const comparisons: number[] = [];
for (let round = 0; round < 3; round++) {
  for (let i = 0; i < templates.length; i++) {
    for (let j = i + 1; j < templates.length; j++)
      comparisons.push(time(() => compareTemplates(templates[i]!, templates[j]!)).ms);
  }
}
const templateBytes = templates.map((t) => JSON.stringify(t).length);
const minutiae = templates.map((t) => t.minutiae.length);
writeResult(outPath(join(root, 'bench/results/fingerprint.json')), 'fingerprint', {
  source,
  images: set.length,
  extractionMs: stats(extraction.map((e) => e.ms)),
  comparisonMs: stats(comparisons),
  minutiaePerTemplate: stats(minutiae),
  templateJsonBytes: stats(templateBytes),
  targets: { extractionMs: 150, comparisonMs: 5 },
  note: 'one core, wall-clock; compare figures within one run (the machine may be shared)',
});

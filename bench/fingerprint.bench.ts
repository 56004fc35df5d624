/**
 * Fingerprint engine benchmark: extraction and comparison time on one core, and the memory of a
 * template. Uses impressions 1-2 of the three development sets (FVC2002 DB1 B, FVC2000 DB1 B and
 * DB2 B: three sensors) when ../shared/data is present, else synthetic ridges.
 * Targets (issue 23): extraction <= 150 ms p95 per 500 ppi image, comparison <= 2 ms. Extraction is
 * timed with the template's MCC cylinders built (cylindersOf, cached per template: the station
 * builds them once per capture and once per chip image), so `comparisonMs` is the comparison
 * proper; `comparisonColdMs` also builds both templates' cylinders inside the call.
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
import { cylindersOf } from '../models/fingerprint/matcher/cylinders';
import { randomMinutiae, renderPattern } from '../models/fingerprint/synthetic/patterns';
import { outPath, stats, time, writeResult } from './harness';

const root = fileURLToPath(new URL('..', import.meta.url));
const SETS = ['fvc2002_db1_b', 'fvc2000_db1_b', 'fvc2000_db2_b'];
const dirs = SETS.map((s) => resolve(root, '../shared/data/fingerprint', s));

async function images(): Promise<{ source: string; images: GreyImage[] }> {
  if (dirs.every((d) => existsSync(d))) {
    const files = dirs.flatMap((d) =>
      readdirSync(d)
        .filter((f) => /_[12]\.tif$/.test(f))
        .sort()
        .map((f) => join(d, f)),
    );
    return {
      source: `${SETS.join(', ')} (impressions 1-2 of 10 fingers each)`,
      images: await Promise.all(files.map((f) => loadFingerprintImage(f))),
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
const extraction = set.map((image) =>
  time(() => {
    const template = extractTemplate(image);
    cylindersOf(template);
    return template;
  }),
);
const templates = extraction.map((e) => e.value);
const comparisons: number[] = [];
const cold: number[] = [];
for (let i = 0; i < templates.length; i++) {
  for (let j = i + 1; j < templates.length; j++) {
    comparisons.push(time(() => compareTemplates(templates[i]!, templates[j]!)).ms);
    if ((i + j) % 4 === 0)
      cold.push(time(() => compareTemplates({ ...templates[i]! }, { ...templates[j]! })).ms);
  }
}
const templateBytes = templates.map((t) => JSON.stringify(t).length);
const minutiae = templates.map((t) => t.minutiae.length);
writeResult(outPath(join(root, 'bench/results/fingerprint.json')), 'fingerprint', {
  source,
  images: set.length,
  extractionMs: stats(extraction.map((e) => e.ms)),
  comparisonMs: stats(comparisons),
  comparisonColdMs: stats(cold),
  minutiaePerTemplate: stats(minutiae),
  templateJsonBytes: stats(templateBytes),
  targets: { extractionP95Ms: 150, comparisonMs: 2 },
  note: 'one core, wall-clock; compare figures within one run (the machine may be shared)',
});

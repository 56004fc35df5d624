/**
 * Portrait evaluation harness: runs the checker on ../shared/data/faces and on degraded and
 * harmless variants of each portrait; prints the figures and writes portrait-eval.json and
 * portrait-contact-sheet.png.
 *   node --import tsx scripts/eval-portrait.ts [--data DIR] [--out DIR] [--limit N]
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { contactSheet, EVAL_CONFIG, evaluatePortraits } from '../models/face/evaluation/harness';
import { FACE_MODEL_MANIFEST, PortraitChecker } from '../models/face/index';
import { createInThreadRunner } from '../models/runtime/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(root, '../shared/data/faces') },
    out: { type: 'string', default: join(root, 'bench', 'results') },
    limit: { type: 'string' },
  },
});
const dataDir = values.data!;
let files: string[];
try {
  files = readdirSync(dataDir)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((f) => join(dataDir, f));
} catch {
  console.error(`eval-portrait: no portraits at ${dataDir} (the shared data folder is absent)`);
  process.exit(2);
}
if (values.limit) files = files.slice(0, Number(values.limit));

const runner = createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] });
const checker = new PortraitChecker({ runner });
const evalChecker = new PortraitChecker({ runner, config: EVAL_CONFIG });
const started = performance.now();
const result = await evaluatePortraits(files, { checker, evalChecker, keepImages: true });
const s = result.summary;
const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)} %`);

console.log(`portraits: ${s.portraits} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
console.log('\nas is (default BSI live thresholds):');
for (const o of result.outcomes) {
  console.log(
    `  ${o.file.split('/').pop()}: ${o.asIs.compliant ? 'compliant' : `rejected: ${o.asIs.nok.join(', ')}`}`,
  );
}
console.log('\ndefects caught by the right criterion (ok on the original -> nok on the variant):');
for (const [id, d] of Object.entries(s.defects)) {
  console.log(`  ${id.padEnd(15)} -> ${d.criterion.padEnd(20)} ${d.caught}/${d.applicable}  ${pct(d.rate)}`);
}
console.log(`  all: ${s.defectsCaught.caught}/${s.defectsCaught.applicable}  ${pct(s.defectsCaught.rate)}`);
console.log('\nstability under harmless changes (status unchanged):');
for (const [id, c] of Object.entries(s.stability.perChange)) console.log(`  ${id.padEnd(20)} ${pct(c.rate)}`);
for (const [id, c] of Object.entries(s.stability.perCriterion)) {
  if (c.rate < 1) console.log(`  criterion ${id.padEnd(22)} ${c.same}/${c.total}  ${pct(c.rate)}`);
}
console.log(
  `  overall: ${s.stability.overall.same}/${s.stability.overall.total}  ${pct(s.stability.overall.rate)}`,
);
console.log(
  `\nfalse rejections (harmless variants of compliant originals): ${s.falseRejections.rejected}/${s.falseRejections.total}  ${pct(s.falseRejections.rate)}`,
);
console.log('evaluation originals rejected:');
for (const r of s.originalsRejected) console.log(`  ${r.file.split('/').pop()}: ${r.nok.join(', ')}`);

mkdirSync(values.out!, { recursive: true });
const jsonPath = join(values.out!, 'portrait-eval.json');
writeFileSync(
  jsonPath,
  `${JSON.stringify({ generatedAt: new Date().toISOString(), dataDir, config: EVAL_CONFIG, summary: s, outcomes: result.outcomes }, null, 2)}\n`,
);
const sheetPath = join(values.out!, 'portrait-contact-sheet.png');
writeFileSync(sheetPath, await contactSheet(result));
console.log(`\nwrote ${jsonPath} and ${sheetPath}`);
await runner.close();

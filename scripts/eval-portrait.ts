/**
 * Portrait evaluation harness: runs the checker on ../shared/data/faces and on degraded and
 * harmless variants of each portrait; prints the figures and writes portrait-eval.json and
 * portrait-contact-sheet.png.
 *   node --import tsx scripts/eval-portrait.ts [--data DIR] [--out DIR] [--limit N]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  contactSheet,
  EVAL_CONFIG,
  evaluatePortraits,
  POSE_AND_LANDMARK_IDS,
} from '../models/face/evaluation/harness';
import { FACE_MODEL_MANIFEST, MeshLandmarkProvider, PortraitChecker } from '../models/face/index';
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
const landmarks = new MeshLandmarkProvider(runner);
const checker = new PortraitChecker({ runner, landmarks });
const evalChecker = new PortraitChecker({ runner, landmarks, config: EVAL_CONFIG });
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

// landmark and pose criteria against the ground truth of the shared portraits
interface Label {
  readonly defect: string | null;
  readonly caughtBy?: readonly string[];
}
const labelsFile = join(root, 'scripts', 'eval-portrait-labels.json');
const labels: Record<string, Label> = existsSync(labelsFile)
  ? (JSON.parse(readFileSync(labelsFile, 'utf8')) as { portraits: Record<string, Label> }).portraits
  : {};
const landmarkRows = result.outcomes.map((o) => {
  const name = o.file.split('/').pop()!;
  const nok = POSE_AND_LANDMARK_IDS.filter((id) => o.asIs.statuses[id] === 'nok');
  const notAssessed = POSE_AND_LANDMARK_IDS.filter((id) => o.asIs.statuses[id] === 'not_assessed');
  const label = labels[name];
  const caught = label?.defect
    ? (label.caughtBy ?? []).some((id) => nok.includes(id as (typeof nok)[number]))
    : null;
  return {
    name,
    label: label?.defect ?? (label ? 'neutral' : 'unlabelled'),
    nok,
    notAssessed,
    caught,
    ms: o.asIs.ms,
  };
});
const fmt = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
console.log('\nlandmark and pose criteria on the portraits as they are:');
console.log(
  `  ${'file'.padEnd(18)} ${'truth'.padEnd(18)} ${POSE_AND_LANDMARK_IDS.map((id) => id.slice(0, 9).padStart(9)).join(' ')}  nok`,
);
for (const [i, r] of landmarkRows.entries()) {
  const v = result.outcomes[i]!.asIs.values;
  console.log(
    `  ${r.name.padEnd(18)} ${r.label.padEnd(18)} ${POSE_AND_LANDMARK_IDS.map((id) => fmt(v[id]).padStart(9)).join(' ')}  ${r.nok.join(', ') || '-'}`,
  );
}
const goods = landmarkRows.filter((r) => r.label === 'neutral');
const goodsClean = goods.filter((r) => r.nok.length === 0 && r.notAssessed.length === 0).length;
const real = landmarkRows.filter((r) => r.caught !== null);
const realCaught = real.filter((r) => r.caught).length;
const ms = landmarkRows.map((r) => r.ms).sort((a, b) => a - b);
const landmarkSummary = {
  goodNeutralWithoutPoseOrLandmarkNok: {
    clean: goodsClean,
    total: goods.length,
    rate: goods.length ? goodsClean / goods.length : null,
  },
  realDefectsCaught: {
    caught: realCaught,
    total: real.length,
    rate: real.length ? realCaught / real.length : null,
  },
  perDefect: Object.fromEntries(
    [...new Set(real.map((r) => r.label))].map((k) => {
      const rows = real.filter((r) => r.label === k);
      return [k, { caught: rows.filter((r) => r.caught).length, total: rows.length }];
    }),
  ),
  checkMs: {
    p50: ms[Math.floor(ms.length / 2)] ?? null,
    p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))] ?? null,
  },
};
console.log(
  `  good neutral portraits with no pose/landmark nok: ${goodsClean}/${goods.length}; real defects caught: ${realCaught}/${real.length}`,
);
for (const [k, d] of Object.entries(landmarkSummary.perDefect))
  console.log(`    ${k.padEnd(20)} ${d.caught}/${d.total}`);
console.log(
  `  check ms per portrait as is (incl. decode and landmarks): p50 ${landmarkSummary.checkMs.p50}, p95 ${landmarkSummary.checkMs.p95}`,
);

mkdirSync(values.out!, { recursive: true });
const jsonPath = join(values.out!, 'portrait-eval.json');
writeFileSync(
  jsonPath,
  `${JSON.stringify({ generatedAt: new Date().toISOString(), dataDir, config: EVAL_CONFIG, summary: s, landmarks: { rows: landmarkRows, summary: landmarkSummary }, outcomes: result.outcomes }, null, 2)}\n`,
);
const sheetPath = join(values.out!, 'portrait-contact-sheet.png');
writeFileSync(sheetPath, await contactSheet(result));
console.log(`\nwrote ${jsonPath} and ${sheetPath}`);
await runner.close();

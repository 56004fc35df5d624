/**
 * Scanned-photo benchmark (issue 18, target <= 1.5 s): a flatbed scan of an A6 area at 600 dpi
 * (2480 x 3496 JPEG from the eSCL simulator: the paper photo 3.2 degrees askew, dust) through
 * `scanPortrait` — decode, find the photo, deskew, face up, ISO token, portrait checker with the
 * landmark model, scan criteria — per picture printed (the drawn portrait, and the shared
 * portraits when ../shared/data/faces is present); the first, cold call (models loaded) apart.
 *   node --import tsx bench/scan.bench.ts [--out bench/results/scan.json] [--runs N]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultScene } from '../drivers/devices/escl-scanner/simulator/glass';
import { samplePortraitPng } from '../drivers/devices/escl-scanner/simulator/sample-portrait';
import { platenJob, scanPage } from '../drivers/devices/escl-scanner/simulator/server';
import { disposeSharedChecker } from '../models/face';
import { scanPortrait } from '../models/scan';
import { outPath, stats, writeResult } from './harness';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const faces = join(root, '..', 'shared', 'data', 'faces');
/** An A6 area (105 x 148 mm = 1240 x 1748 in 1/300 inch) from the platen's corner, at 600 dpi. */
const A6_600 = platenJob(600);

const pictures: [string, Uint8Array][] = [['drawn portrait', await samplePortraitPng()]];
if (existsSync(faces))
  for (const f of readdirSync(faces)
    .filter((n) => /\.(jpe?g|png)$/.test(n))
    .sort()
    .slice(0, 4))
    pictures.push([f, readFileSync(join(faces, f))]);

const results: Record<string, unknown> = {};
let cold: number | undefined;
const all: number[] = [];
for (const [name, picture] of pictures) {
  const page = await scanPage(defaultScene(picture, { skewDeg: 3.2, dust: 25, seed: 3 }), A6_600);
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof scanPortrait>> | undefined;
  for (let run = 0; run < RUNS + 1; run++) {
    const started = performance.now();
    last = await scanPortrait(page);
    const ms = performance.now() - started;
    if (cold === undefined) cold = ms;
    else if (run > 0) samples.push(ms);
  }
  all.push(...samples);
  results[name] = {
    ms: stats(samples),
    scanBytes: page.length,
    found: last?.found,
    skewDegrees: last?.skewDegrees,
    token: last?.token ? `${last.token.image.width}x${last.token.image.height}` : null,
    compliant: last?.report.compliant,
  };
  console.log(`${name}: p50 ${stats(samples).p50} ms, p95 ${stats(samples).p95} ms`);
}
await disposeSharedChecker();
const overall = stats(all);
writeResult(outPath(join(root, 'bench', 'results', 'scan.json')), 'scan', {
  input: 'A6 area (105 x 148 mm) at 600 dpi, JPEG, 2480 x 3496 px',
  targetMs: 1500,
  coldMs: Math.round(cold ?? 0),
  warm: overall,
  meetsTarget: overall.p95 <= 1500,
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  pictures: results,
});

/**
 * Fingerprint evaluation harness (FVC protocol) for models/fingerprint.
 *
 *   node --import tsx scripts/eval-fingerprint.ts [--set fvc2002_db1_b] [--out DIR]
 *        [--fingers N] [--data DIR]
 *
 * Reads ../shared/data/fingerprint/<set>/FFF_I.tif, extracts templates and quality,
 * runs genuine (all impression pairs per finger), FVC impostor (first vs first) and all
 * cross-finger impostor comparisons, and writes results.json + det.png to DIR
 * (default .data/eval/fingerprint/<set>). Reports EER, FNMR at FMR 1 % and 0.1 %, the
 * error rates at the library threshold, timings (wall clock, plus process CPU time for
 * extraction since the machine may be shared), quality-vs-score ranking and a
 * two-finger fusion check on virtual subjects (consecutive fingers paired).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { renderDetPlot } from '../models/fingerprint/evaluation/det-plot';
import {
  detCurve,
  type ErrorRates,
  equalErrorRate,
  fnmrAtFmr,
  ratesAt,
  spearman,
} from '../models/fingerprint/evaluation/metrics';
import { fvcPairs, type Pair, parseFvcName, type Sample } from '../models/fingerprint/evaluation/protocol';
import {
  analyzeFingerprint,
  assessAnalysis,
  compareTemplates,
  FINGERPRINT_MATCH_THRESHOLD,
  type FingerprintTemplate,
  FUSED_MEAN_MATCH_THRESHOLD,
  fuseScores,
  type GreyImage,
  loadFingerprintImage,
  templateFromAnalysis,
} from '../models/fingerprint/index';
import { cylindersOf } from '../models/fingerprint/matcher/cylinders';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  set: string;
  out: string;
  data: string;
  fingers: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const set = get('set') ?? 'fvc2002_db1_b';
  return {
    set,
    out: path.resolve(get('out') ?? path.join(repoRoot, '.data/eval/fingerprint', set)),
    data: path.resolve(get('data') ?? path.resolve(repoRoot, '../shared/data')),
    fingers: Number(get('fingers') ?? Number.POSITIVE_INFINITY),
  };
}

function stats(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return {
    mean: round(mean, 3),
    median: round(q(0.5), 3),
    p95: round(q(0.95), 3),
    max: round(q(1), 3),
    n: s.length,
  };
}

function round(v: number, digits = 4): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(2)} %`;
}

function summarizeRates(genuine: number[], impostor: number[]) {
  const eer = equalErrorRate(genuine, impostor);
  const at1 = fnmrAtFmr(genuine, impostor, 0.01);
  const at01 = fnmrAtFmr(genuine, impostor, 0.001);
  const zero = fnmrAtFmr(genuine, impostor, 0);
  const r = (e: ErrorRates) => ({ threshold: round(e.threshold, 5), fmr: round(e.fmr), fnmr: round(e.fnmr) });
  return {
    genuine: genuine.length,
    impostor: impostor.length,
    eer: round(eer.eer),
    eerInterval: [round(eer.low), round(eer.high)],
    eerThreshold: round(eer.threshold, 5),
    fnmrAtFmr1: r(at1),
    fnmrAtFmr01: r(at01),
    fnmrAtZeroFmr: r(zero),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.join(args.data, 'fingerprint', args.set);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => parseFvcName(f));
  } catch {
    console.error(`data set not found: ${dir} (shared data absent?)`);
    process.exit(2);
  }
  const parsed = files
    .map((f) => ({ file: f, sample: parseFvcName(f)! }))
    .sort((a, b) => a.sample.finger - b.sample.finger || a.sample.impression - b.sample.impression);
  const fingerIds = [...new Set(parsed.map((p) => p.sample.finger))].slice(0, args.fingers);
  const selected = parsed.filter((p) => fingerIds.includes(p.sample.finger));
  const samples: Sample[] = selected.map((p) => p.sample);
  console.log(`${args.set}: ${selected.length} images, ${fingerIds.length} fingers`);

  // Extraction (timed without file decoding) and quality.
  const images: GreyImage[] = [];
  const templates: FingerprintTemplate[] = [];
  const extractMs: number[] = [];
  const extractCpuMs: number[] = [];
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const qualityMs: number[] = [];
  const cylinderMs: number[] = [];
  const quality: { file: string; score: number; feedback: string[]; minutiae: number }[] = [];
  for (const { file } of selected) {
    const image = await loadFingerprintImage(path.join(dir, file));
    images.push(image);
    const c0 = cpuNow();
    const t0 = performance.now();
    const analysis = analyzeFingerprint(image);
    const template = templateFromAnalysis(analysis);
    const t1 = performance.now();
    extractCpuMs.push(cpuNow() - c0);
    const q = assessAnalysis(analysis);
    const t2 = performance.now();
    cylindersOf(template);
    const t3 = performance.now();
    extractMs.push(t1 - t0);
    qualityMs.push(t2 - t1);
    cylinderMs.push(t3 - t2);
    templates.push({ ...template, quality: q.score });
    quality.push({
      file,
      score: q.score,
      feedback: q.feedback.map((f) => f.code),
      minutiae: template.minutiae.length,
    });
  }

  // Comparisons with cylinders cached per template (as on the station once both are extracted).
  const pairs = fvcPairs(samples);
  const compareMs: number[] = [];
  const score = (p: Pair) => {
    const t0 = performance.now();
    const s = compareTemplates(templates[p[0]]!, templates[p[1]]!).score;
    compareMs.push(performance.now() - t0);
    return s;
  };
  const genuine = pairs.genuine.map(score);
  const impostorAll = pairs.impostorAll.map(score);
  const fvcIndex = new Set(pairs.impostorFvc.map((p) => `${p[0]}:${p[1]}`));
  const impostorFvc = pairs.impostorAll.flatMap((p, k) =>
    fvcIndex.has(`${p[0]}:${p[1]}`) ? [impostorAll[k]!] : [],
  );

  // Cold comparisons: fresh template objects, so cylinders are rebuilt inside the call.
  const coldMs: number[] = [];
  for (const p of [...pairs.impostorFvc, ...pairs.genuine.slice(0, 100)]) {
    const a = { ...templates[p[0]]! };
    const b = { ...templates[p[1]]! };
    const t0 = performance.now();
    compareTemplates(a, b);
    coldMs.push(performance.now() - t0);
  }

  // Best-of-3 timings on a sample: the least-contended estimate when the machine is shared.
  const bestOf = (fn: () => void) => {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      fn();
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const bestExtractMs = images.slice(0, 20).map((img) => bestOf(() => analyzeFingerprint(img)));
  const bestColdMs = pairs.impostorFvc.map((p) =>
    bestOf(() => {
      compareTemplates({ ...templates[p[0]]! }, { ...templates[p[1]]! });
    }),
  );

  const allRates = summarizeRates(genuine, impostorAll);
  const fvcRates = summarizeRates(genuine, impostorFvc);
  const atLibrary = ratesAt(genuine, impostorAll, FINGERPRINT_MATCH_THRESHOLD);

  // Quality vs genuine score: mean genuine score of each image against its finger's other impressions.
  const perImage = samples.map(() => ({ sum: 0, n: 0 }));
  pairs.genuine.forEach((p, k) => {
    for (const i of p) {
      perImage[i]!.sum += genuine[k]!;
      perImage[i]!.n++;
    }
  });
  const meanGenuine = perImage.map((s) => (s.n ? s.sum / s.n : 0));
  const minGenuine = samples.map(() => Number.POSITIVE_INFINITY);
  pairs.genuine.forEach((p, k) => {
    for (const i of p) minGenuine[i] = Math.min(minGenuine[i]!, genuine[k]!);
  });
  const qScores = quality.map((q) => q.score);
  const rejectCurve = [0, 0.1, 0.2].map((share) => {
    const order = qScores.map((_, i) => i).sort((a, b) => qScores[a]! - qScores[b]!);
    const rejected = new Set(order.slice(0, Math.floor(share * order.length)));
    const kept = pairs.genuine.flatMap((p, k) =>
      rejected.has(p[0]) || rejected.has(p[1]) ? [] : [genuine[k]!],
    );
    const r = kept.length ? ratesAt(kept, impostorAll, FINGERPRINT_MATCH_THRESHOLD) : undefined;
    return {
      rejectedShare: share,
      genuineKept: kept.length,
      fnmrAtLibraryThreshold: r ? round(r.fnmr) : null,
    };
  });

  // Two-finger fusion on virtual subjects (fingers paired in order), mean rule.
  const scoreOf = new Map<string, number>();
  pairs.genuine.forEach((p, k) => {
    scoreOf.set(`${p[0]}:${p[1]}`, genuine[k]!);
  });
  pairs.impostorAll.forEach((p, k) => {
    scoreOf.set(`${p[0]}:${p[1]}`, impostorAll[k]!);
  });
  const lookup = (i: number, j: number) => scoreOf.get(i < j ? `${i}:${j}` : `${j}:${i}`) ?? 0;
  const indexOf = new Map(samples.map((s, i) => [`${s.finger}_${s.impression}`, i]));
  const subjects: [number, number][] = [];
  for (let k = 0; k + 1 < fingerIds.length; k += 2) subjects.push([fingerIds[k]!, fingerIds[k + 1]!]);
  const impressions = [...new Set(samples.map((s) => s.impression))].sort((a, b) => a - b);
  const fusedGenuine: number[] = [];
  const fusedImpostor: number[] = [];
  const idx = (f: number, imp: number) => indexOf.get(`${f}_${imp}`);
  for (const [f1, f2] of subjects) {
    for (const i of impressions) {
      for (const j of impressions) {
        if (j <= i) continue;
        const a1 = idx(f1, i);
        const b1 = idx(f1, j);
        const a2 = idx(f2, i);
        const b2 = idx(f2, j);
        if (a1 === undefined || b1 === undefined || a2 === undefined || b2 === undefined) continue;
        fusedGenuine.push(fuseScores([lookup(a1, b1), lookup(a2, b2)], 'mean'));
      }
    }
  }
  for (let s = 0; s < subjects.length; s++) {
    for (let t = s + 1; t < subjects.length; t++) {
      const [f1, f2] = subjects[s]!;
      const [g1, g2] = subjects[t]!;
      for (const i of impressions) {
        for (const j of impressions) {
          const a1 = idx(f1, i);
          const a2 = idx(f2, i);
          const b1 = idx(g1, j);
          const b2 = idx(g2, j);
          if (a1 === undefined || b1 === undefined || a2 === undefined || b2 === undefined) continue;
          fusedImpostor.push(fuseScores([lookup(a1, b1), lookup(a2, b2)], 'mean'));
        }
      }
    }
  }
  const fusion =
    fusedGenuine.length > 0 && fusedImpostor.length > 0
      ? {
          rule: 'mean',
          subjects: subjects.length,
          ...summarizeRates(fusedGenuine, fusedImpostor),
          atLibraryThreshold: ratesAt(fusedGenuine, fusedImpostor, FUSED_MEAN_MATCH_THRESHOLD),
        }
      : null;

  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const results = {
    set: args.set,
    images: selected.length,
    fingers: fingerIds.length,
    date: new Date().toISOString(),
    libraryThreshold: FINGERPRINT_MATCH_THRESHOLD,
    scores: {
      genuineMean: round(mean(genuine)),
      impostorMean: round(mean(impostorAll)),
      impostorMax: round(Math.max(...impostorAll)),
    },
    allCrossFinger: allRates,
    fvcImpostors: fvcRates,
    atLibraryThreshold: { fmr: round(atLibrary.fmr), fnmr: round(atLibrary.fnmr) },
    timingsMs: {
      extraction: stats(extractMs),
      extractionCpu: stats(extractCpuMs),
      qualityFromAnalysis: stats(qualityMs),
      cylindersPerTemplate: stats(cylinderMs),
      comparisonCachedCylinders: stats(compareMs),
      comparisonCold: stats(coldMs),
      extractionBestOf3: stats(bestExtractMs),
      comparisonColdBestOf3: stats(bestColdMs),
    },
    minutiaePerTemplate: stats(templates.map((t) => t.minutiae.length)),
    quality: {
      spearmanQualityVsMeanGenuineScore: round(spearman(qScores, meanGenuine)),
      spearmanQualityVsMinGenuineScore: round(spearman(qScores, minGenuine)),
      scores: stats(qScores),
      rejectCurve,
      perImage: quality.map((q, i) => ({ ...q, meanGenuineScore: round(meanGenuine[i]!) })),
    },
    fusion,
    scoresRaw: {
      genuine: pairs.genuine.map((p, k) => [
        selected[p[0]]!.file,
        selected[p[1]]!.file,
        round(genuine[k]!, 5),
      ]),
      impostorFvc: pairs.impostorFvc.map((p) => [
        selected[p[0]]!.file,
        selected[p[1]]!.file,
        round(lookup(p[0], p[1]), 5),
      ]),
      impostorAll: pairs.impostorAll.map((p, k) => [
        selected[p[0]]!.file,
        selected[p[1]]!.file,
        round(impostorAll[k]!, 5),
      ]),
    },
  };

  mkdirSync(args.out, { recursive: true });
  writeFileSync(path.join(args.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const det = renderDetPlot(
    [
      { points: detCurve(genuine, impostorAll), color: [20, 80, 200] },
      { points: detCurve(genuine, impostorFvc), color: [240, 150, 30] },
    ],
    [
      { fmr: atLibrary.fmr, fnmr: atLibrary.fnmr, color: [200, 20, 20] },
      // NIST NBIS (mindtct + bozorth3) reference on fvc2002_db1_b: FNMR 11.1 % at FMR <= 0.1 %.
      { fmr: 0.001, fnmr: 0.111, color: [120, 120, 120] },
    ],
  );
  await sharp(det.data, { raw: { width: det.width, height: det.height, channels: 3 } })
    .png()
    .toFile(path.join(args.out, 'det.png'));

  const t = results.timingsMs;
  console.log(`genuine ${genuine.length}, impostors ${impostorAll.length} (FVC ${impostorFvc.length})`);
  console.log(
    `EER ${pct(allRates.eer)} (FVC impostors: ${pct(fvcRates.eer)}) | FNMR@FMR1% ${pct(allRates.fnmrAtFmr1.fnmr)} | FNMR@FMR0.1% ${pct(allRates.fnmrAtFmr01.fnmr)} (threshold ${allRates.fnmrAtFmr01.threshold})`,
  );
  console.log(
    `library threshold ${FINGERPRINT_MATCH_THRESHOLD}: FMR ${pct(atLibrary.fmr)}, FNMR ${pct(atLibrary.fnmr)}`,
  );
  console.log(
    `extraction ${t.extraction.mean} ms mean wall (median ${t.extraction.median}, p95 ${t.extraction.p95}; CPU ${t.extractionCpu.mean} ms) | comparison ${t.comparisonCachedCylinders.mean} ms cached, ${t.comparisonCold.mean} ms cold | cylinders ${t.cylindersPerTemplate.mean} ms/template`,
  );
  console.log(
    `best of 3 (sample): extraction ${t.extractionBestOf3.mean} ms, cold comparison ${t.comparisonColdBestOf3.mean} ms`,
  );
  console.log(
    `quality: Spearman(quality, mean genuine score) = ${results.quality.spearmanQualityVsMeanGenuineScore}, (quality, worst genuine score) = ${results.quality.spearmanQualityVsMinGenuineScore}; reject curve ${JSON.stringify(rejectCurve)}`,
  );
  if (fusion) {
    console.log(
      `fusion (mean of 2 fingers, ${fusion.subjects} virtual subjects): EER ${pct(fusion.eer)}, FNMR@FMR0.1% ${pct(fusion.fnmrAtFmr01.fnmr)}`,
    );
  }
  console.log(`wrote ${path.join(args.out, 'results.json')} and det.png`);
}

await main();

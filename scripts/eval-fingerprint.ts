/**
 * Fingerprint evaluation harness (FVC protocol) for models/fingerprint, over several sensors.
 *
 *   npm run eval:fingerprint -- [--sets a,b,c | --set a] [--fingers N] [--quick]
 *        [--failures N] [--out DIR] [--data DIR] [--config station.json]
 *
 * For each set (default: the three development sets fvc2002_db1_b, fvc2000_db1_b, fvc2000_db2_b
 * in ../shared/data/fingerprint) it extracts every image and compares all genuine pairs (28 per
 * finger) and all cross-finger impostor pairs (2,880 for 10 fingers; the 45 FVC first-impression
 * impostors are reported too), under three conditions:
 *   raw       both images as captured;
 *   wsq       the gallery (first image of each pair) WSQ-compressed at 0.75 bpp with the project's
 *             encoder and decoded, as a chip's DG3 image, against the raw probe;
 *   resample  both images resampled 500 -> 508 ppi (and back to 500 by the extractor).
 * It reports EER, FNMR at FMR 1 %, 0.1 %, 0.01 % and zero FMR, the error rates at the library
 * threshold, the FNMR after rejecting the 5 % worst-quality images, two-finger fusion under the
 * station's certification.fusionRule (consecutive distinct fingers paired as one person: an
 * approximation, see evaluation/fusion-protocol.ts), timings, the pooled figures and
 * thresholds at the calibration FMR over all sets, and leave-one-sensor-out threshold transfer
 * (thresholds calibrated on the other sets, applied to each set in turn). Writes DIR/results.json, DIR/report.md,
 * DIR/<set>/det.png and DIR/<set>/failures/*.png (the lowest-scoring genuine pairs with their
 * paired minutiae). Default DIR: test-results/fingerprint-eval. --quick: raw condition only,
 * no figures (for iterating on subsets). --cache (with --quick): the raw templates and quality
 * scores are kept in test-results/fingerprint-cache, keyed by a hash of the extraction and
 * quality sources and the image files, so matcher experiments skip extraction (never committed;
 * extraction timings then come from the run that filled the cache).
 *
 * NIST NBIS is not built here; its figures on fvc2002_db1_b come from ../shared/data/README.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { fusionThreshold } from '../main/services/certification/decision';
import { loadStationConfig } from '../main/services/config';
import { type DetMarker, type DetSeries, renderDetPlot } from '../models/fingerprint/evaluation/det-plot';
import { twoFingerPairs } from '../models/fingerprint/evaluation/fusion-protocol';
import { detCurve, fnmrAtFmr, ratesAt, spearman } from '../models/fingerprint/evaluation/metrics';
import { renderPairPlot } from '../models/fingerprint/evaluation/pair-plot';
import { fvcPairs, type Pair, parseFvcName, type Sample } from '../models/fingerprint/evaluation/protocol';
import type { RawRgbImage } from '../models/fingerprint/evaluation/raster';
import { type RateSummary, summarizeRates } from '../models/fingerprint/evaluation/summary';
import {
  analyzeFingerprint,
  assessAnalysis,
  compareTemplates,
  FINGERPRINT_MATCH_THRESHOLD,
  type FingerprintTemplate,
  fuseScores,
  type GreyImage,
  loadFingerprintImage,
  resampleToPpi,
  templateFromAnalysis,
} from '../models/fingerprint/index';
import { cylindersOf } from '../models/fingerprint/matcher/cylinders';
import { CALIBRATION_FMR } from '../models/fingerprint/matcher/threshold';
import { decodeWsq, encodeWsq } from '../models/fingerprint/wsq';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV_SETS = ['fvc2002_db1_b', 'fvc2000_db1_b', 'fvc2000_db2_b'];
const CONDITIONS = ['raw', 'wsq', 'resample'] as const;
type Condition = (typeof CONDITIONS)[number];
const WSQ_BITRATE = 0.75;
const RESAMPLE_PPI = 508;
const QUALITY_REJECT_SHARE = 0.05;
/** NIST NBIS (mindtct + bozorth3) on this machine, from ../shared/data/README.md. */
const NBIS: Record<string, { eer: number; fnmrAtFmr01: number }> = {
  fvc2002_db1_b: { eer: 0.042, fnmrAtFmr01: 0.111 },
};

interface Args {
  sets: string[];
  out: string;
  data: string;
  fingers: number;
  quick: boolean;
  cache: boolean;
  failures: number;
  config: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sets = (get('sets') ?? get('set'))?.split(',').filter(Boolean) ?? DEV_SETS;
  return {
    sets,
    out: path.resolve(get('out') ?? path.join(repoRoot, 'test-results/fingerprint-eval')),
    data: path.resolve(get('data') ?? path.resolve(repoRoot, '../shared/data')),
    fingers: Number(get('fingers') ?? Number.POSITIVE_INFINITY),
    quick: argv.includes('--quick'),
    cache: argv.includes('--cache') && argv.includes('--quick'),
    failures: Number(get('failures') ?? 4),
    config: get('config'),
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

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function writePng(image: RawRgbImage, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .png()
    .toFile(file);
}

interface Extracted {
  images: GreyImage[];
  templates: FingerprintTemplate[];
  ms: number[];
  cpuMs: number[];
}

function extractAll(images: readonly GreyImage[], withQuality: boolean): Extracted & { quality: number[] } {
  const out: Extracted & { quality: number[] } = {
    images: [],
    templates: [],
    ms: [],
    cpuMs: [],
    quality: [],
  };
  for (const image of images) {
    const c0 = cpuNow();
    const t0 = performance.now();
    const analysis = analyzeFingerprint(image);
    const template = templateFromAnalysis(analysis);
    out.ms.push(performance.now() - t0);
    out.cpuMs.push(cpuNow() - c0);
    out.images.push(analysis.image);
    out.templates.push(template);
    if (withQuality) out.quality.push(assessAnalysis(analysis).score);
    cylindersOf(template);
  }
  return out;
}

/** Sources whose change invalidates cached templates (extraction and quality). */
const EXTRACTION_SOURCES = ['image', 'minutiae', 'quality'].map((d) =>
  path.join(repoRoot, 'models/fingerprint', d),
);

function cacheKey(files: readonly string[]): string {
  const h = createHash('sha256');
  for (const dir of EXTRACTION_SOURCES) {
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.ts'))
      .sort()) {
      h.update(f).update(readFileSync(path.join(dir, f)));
    }
  }
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

interface CachedExtraction {
  templates: FingerprintTemplate[];
  quality: number[];
  ms: number[];
  cpuMs: number[];
}

/** Raw extraction of a set, from the template cache when allowed and fresh. */
function extractRaw(
  args: Args,
  files: readonly string[],
  images: readonly GreyImage[],
): Extracted & { quality: number[] } {
  const file = args.cache
    ? path.join(repoRoot, 'test-results/fingerprint-cache', `${cacheKey(files)}.json`)
    : undefined;
  if (file && existsSync(file)) {
    const c = JSON.parse(readFileSync(file, 'utf8')) as CachedExtraction;
    return { ...c, images: [...images] };
  }
  const out = extractAll(images, true);
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    const c: CachedExtraction = {
      templates: out.templates,
      quality: out.quality,
      ms: out.ms,
      cpuMs: out.cpuMs,
    };
    writeFileSync(file, JSON.stringify(c));
  }
  return out;
}

interface SetResult {
  set: string;
  images: number;
  fingers: number;
  conditions: Partial<Record<Condition, RateSummary & { atLibraryThreshold: { fmr: number; fnmr: number } }>>;
  /** Raw condition against the FVC impostors only (first impression against first impression). */
  fvcImpostors?: RateSummary;
  qualityRejection: {
    rejectedImages: number;
    genuineKept: number;
    fnmrAtSetFmr01Threshold: number;
    fnmrAtSetFmr01ThresholdBefore: number;
    fnmrAtLibraryThreshold: number;
    spearmanQualityVsWorstGenuine: number;
  };
  fusion: Partial<Record<Condition, RateSummary & { atStationThreshold: { fmr: number; fnmr: number } }>>;
  timingsMs: Record<string, ReturnType<typeof stats>>;
  minutiaePerTemplate: ReturnType<typeof stats>;
  lowestGenuine: { a: string; b: string; score: number; matched: number; quality: [number, number] }[];
  scores: Partial<Record<Condition, { genuine: number[]; impostor: number[] }>>;
  fused: Partial<Record<Condition, { genuine: number[]; impostor: number[] }>>;
}

async function evaluateSet(args: Args, set: string, rule: 'mean' | 'max'): Promise<SetResult | undefined> {
  const dir = path.join(args.data, 'fingerprint', set);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => parseFvcName(f));
  } catch {
    console.error(`data set not found: ${dir} (shared data absent?): skipped`);
    return undefined;
  }
  const parsed = files
    .map((f) => ({ file: f, sample: parseFvcName(f)! }))
    .sort((a, b) => a.sample.finger - b.sample.finger || a.sample.impression - b.sample.impression);
  const fingerIds = [...new Set(parsed.map((p) => p.sample.finger))].slice(0, args.fingers);
  const selected = parsed.filter((p) => fingerIds.includes(p.sample.finger));
  const samples: Sample[] = selected.map((p) => p.sample);
  const raw = await Promise.all(selected.map((p) => loadFingerprintImage(path.join(dir, p.file))));

  const base = extractRaw(
    args,
    selected.map((p) => path.join(dir, p.file)),
    raw,
  );
  const templates: Partial<
    Record<Condition, { gallery: FingerprintTemplate[]; probe: FingerprintTemplate[] }>
  > = {
    raw: { gallery: base.templates, probe: base.templates },
  };
  const timings: Record<string, ReturnType<typeof stats>> = {
    extraction: stats(base.ms),
    extractionCpu: stats(base.cpuMs),
  };
  let wsqBytes: Uint8Array[] = [];
  if (!args.quick) {
    const wsqMs: number[] = [];
    const decodeMs: number[] = [];
    wsqBytes = raw.map((img) => {
      const t0 = performance.now();
      const bytes = encodeWsq(
        { width: img.width, height: img.height, pixels: img.pixels, ppi: img.ppi },
        { bitrate: WSQ_BITRATE },
      );
      wsqMs.push(performance.now() - t0);
      return bytes;
    });
    const decoded = wsqBytes.map((bytes, k) => {
      const t0 = performance.now();
      const d = decodeWsq(bytes);
      decodeMs.push(performance.now() - t0);
      return {
        width: d.width,
        height: d.height,
        pixels: d.pixels,
        ppi: d.ppi || raw[k]!.ppi,
      } satisfies GreyImage;
    });
    timings.wsqEncode = stats(wsqMs);
    timings.wsqDecode = stats(decodeMs);
    templates.wsq = { gallery: extractAll(decoded, false).templates, probe: base.templates };
    const resampled = extractAll(
      raw.map((img) => resampleToPpi(img, RESAMPLE_PPI)),
      false,
    ).templates;
    templates.resample = { gallery: resampled, probe: resampled };
  }

  const pairs = fvcPairs(samples);
  const compareMs: number[] = [];
  const memo = new Map<string, number>();
  const score = (c: Condition, p: Pair) => {
    const key = `${c}:${p[0]}:${p[1]}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const t = templates[c]!;
    const t0 = performance.now();
    const s = compareTemplates(t.gallery[p[0]]!, t.probe[p[1]]!).score;
    compareMs.push(performance.now() - t0);
    memo.set(key, s);
    return s;
  };
  const result: SetResult = {
    set,
    images: selected.length,
    fingers: fingerIds.length,
    conditions: {},
    qualityRejection: undefined as never,
    fusion: {},
    timingsMs: timings,
    minutiaePerTemplate: stats(base.templates.map((t) => t.minutiae.length)),
    lowestGenuine: [],
    scores: {},
    fused: {},
  };
  const fusionPairs = twoFingerPairs(samples);
  const fusedThreshold = fusionThreshold(rule);
  for (const c of CONDITIONS) {
    if (!templates[c]) continue;
    const genuine = pairs.genuine.map((p) => score(c, p));
    const impostor = pairs.impostorAll.map((p) => score(c, p));
    const lib = ratesAt(genuine, impostor, FINGERPRINT_MATCH_THRESHOLD);
    result.conditions[c] = {
      ...summarizeRates(genuine, impostor),
      atLibraryThreshold: { fmr: round(lib.fmr, 5), fnmr: round(lib.fnmr, 5) },
    };
    result.scores[c] = { genuine, impostor };
    if (c === 'raw') {
      const fvc = new Set(pairs.impostorFvc.map((p) => `${p[0]}:${p[1]}`));
      const fvcScores = pairs.impostorAll.flatMap((p, k) =>
        fvc.has(`${p[0]}:${p[1]}`) ? [impostor[k]!] : [],
      );
      result.fvcImpostors = summarizeRates(genuine, fvcScores);
    }
    if (fusionPairs.genuine.length && fusionPairs.impostor.length) {
      const fuse = (fp: readonly [Pair, Pair]) => fuseScores([score(c, fp[0]), score(c, fp[1])], rule);
      const fg = fusionPairs.genuine.map(fuse);
      const fi = fusionPairs.impostor.map(fuse);
      const at = ratesAt(fg, fi, fusedThreshold);
      result.fusion[c] = {
        ...summarizeRates(fg, fi),
        atStationThreshold: { fmr: round(at.fmr, 5), fnmr: round(at.fnmr, 5) },
      };
      result.fused[c] = { genuine: fg, impostor: fi };
    }
  }
  timings.comparison = stats(compareMs);
  // Cold comparisons: fresh template objects, so the cylinders are built inside the call.
  const coldMs: number[] = [];
  for (const p of pairs.impostorAll.slice(0, 300)) {
    const a = { ...base.templates[p[0]]! };
    const b = { ...base.templates[p[1]]! };
    const t0 = performance.now();
    compareTemplates(a, b);
    coldMs.push(performance.now() - t0);
  }
  timings.comparisonCold = stats(coldMs);
  if (!args.quick && wsqBytes.length >= 2) {
    // A full certification decision, from the last capture: decode and extract the chip's two
    // WSQ images, extract the two live captures, compare each finger cold and fuse.
    const decisionMs: number[] = [];
    for (let k = 0; k + 3 < raw.length && decisionMs.length < 10; k += 8) {
      const t0 = performance.now();
      const chip = [wsqBytes[k]!, wsqBytes[k + 8] ?? wsqBytes[k + 1]!].map((b) => {
        const d = decodeWsq(b);
        return templateFromAnalysis(
          analyzeFingerprint({ width: d.width, height: d.height, pixels: d.pixels, ppi: d.ppi || 500 }),
        );
      });
      const live = [raw[k + 1]!, raw[k + 9] ?? raw[k + 2]!].map((img) =>
        templateFromAnalysis(analyzeFingerprint(img)),
      );
      fuseScores(
        [compareTemplates(chip[0]!, live[0]!).score, compareTemplates(chip[1]!, live[1]!).score],
        rule,
      );
      decisionMs.push(performance.now() - t0);
    }
    timings.certificationDecision = stats(decisionMs);
  }

  // Quality: reject the 5 % of images with the worst quality and recount the genuine errors.
  const rawScores = result.scores.raw!;
  const q = base.quality;
  const minGenuine = samples.map(() => Number.POSITIVE_INFINITY);
  pairs.genuine.forEach((p, k) => {
    for (const i of p) minGenuine[i] = Math.min(minGenuine[i]!, rawScores.genuine[k]!);
  });
  const order = q.map((_, i) => i).sort((a, b) => q[a]! - q[b]!);
  const rejected = new Set(order.slice(0, Math.round(QUALITY_REJECT_SHARE * order.length)));
  const kept = pairs.genuine.flatMap((p, k) =>
    rejected.has(p[0]) || rejected.has(p[1]) ? [] : [rawScores.genuine[k]!],
  );
  const setThreshold = result.conditions.raw!.fnmrAtFmr01.threshold;
  result.qualityRejection = {
    rejectedImages: rejected.size,
    genuineKept: kept.length,
    fnmrAtSetFmr01ThresholdBefore: result.conditions.raw!.fnmrAtFmr01.fnmr,
    fnmrAtSetFmr01Threshold: round(ratesAt(kept, rawScores.impostor, setThreshold).fnmr, 5),
    fnmrAtLibraryThreshold: round(ratesAt(kept, rawScores.impostor, FINGERPRINT_MATCH_THRESHOLD).fnmr, 5),
    spearmanQualityVsWorstGenuine: round(spearman(q, minGenuine)),
  };

  // The lowest-scoring genuine pairs, drawn with their paired minutiae; a pair sharing an image
  // with one already drawn is skipped, so one bad image does not fill the list.
  const drawnImages = new Set<number>();
  const lowest = pairs.genuine
    .map((p, k) => ({ p, s: rawScores.genuine[k]! }))
    .sort((x, y) => x.s - y.s)
    .filter(({ p }) => {
      if (drawnImages.has(p[0]) || drawnImages.has(p[1])) return false;
      drawnImages.add(p[0]);
      drawnImages.add(p[1]);
      return true;
    })
    .slice(0, args.failures);
  for (const [rank, { p, s }] of lowest.entries()) {
    const a = base.templates[p[0]]!;
    const b = base.templates[p[1]]!;
    const r = compareTemplates(a, b);
    const entry = {
      a: selected[p[0]]!.file,
      b: selected[p[1]]!.file,
      score: round(s, 5),
      matched: r.matchedMinutiae,
      quality: [q[p[0]]!, q[p[1]]!] as [number, number],
    };
    result.lowestGenuine.push(entry);
    if (!args.quick) {
      const caption = `${entry.a.replace(/\.\w+$/, '')} ${entry.b.replace(/\.\w+$/, '')} S=${s.toFixed(4)} M=${r.matchedMinutiae} N=${a.minutiae.length}/${b.minutiae.length} Q=${entry.quality.join('/')}`;
      const plot = renderPairPlot(
        { image: base.images[p[0]]!, template: a },
        { image: base.images[p[1]]!, template: b },
        r.matchedPairs,
        caption,
      );
      await writePng(
        plot,
        path.join(args.out, set, 'failures', `${rank + 1}_${entry.a}_${entry.b}.png`.replace(/\.tif/g, '')),
      );
    }
  }

  if (!args.quick) {
    const colours: Record<Condition, [number, number, number]> = {
      raw: [20, 80, 200],
      wsq: [240, 150, 30],
      resample: [40, 170, 60],
    };
    const series: DetSeries[] = CONDITIONS.filter((c) => result.scores[c]).map((c) => ({
      points: detCurve(result.scores[c]!.genuine, result.scores[c]!.impostor),
      color: colours[c],
      label: c === 'wsq' ? 'WSQ GALLERY' : c === 'resample' ? '508 PPI' : 'RAW',
    }));
    if (result.fused.raw) {
      series.push({
        points: detCurve(result.fused.raw.genuine, result.fused.raw.impostor),
        color: [150, 40, 180],
        label: `FUSED 2 (${rule.toUpperCase()})`,
      });
    }
    const lib = result.conditions.raw!.atLibraryThreshold;
    const markers: DetMarker[] = [{ fmr: lib.fmr, fnmr: lib.fnmr, color: [200, 20, 20], label: 'THRESHOLD' }];
    const nbis = NBIS[set];
    if (nbis) markers.push({ fmr: 0.001, fnmr: nbis.fnmrAtFmr01, color: [120, 120, 120], label: 'NBIS' });
    await writePng(renderDetPlot(series, markers, set), path.join(args.out, set, 'det.png'));
  }
  return result;
}

function pooled(
  results: readonly SetResult[],
  pick: (r: SetResult) => { genuine: number[]; impostor: number[] } | undefined,
) {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (const r of results) {
    const s = pick(r);
    if (!s) continue;
    genuine.push(...s.genuine);
    impostor.push(...s.impostor);
  }
  return { genuine, impostor };
}

/** Single-finger and fused (raw) scores of the sets pooled, and their thresholds at CALIBRATION_FMR. */
function pooledThresholds(results: readonly SetResult[]) {
  const single = pooled(results, (r) => r.scores.raw);
  const fused = pooled(results, (r) => r.fused.raw);
  const singleT = fnmrAtFmr(single.genuine, single.impostor, CALIBRATION_FMR).threshold;
  const fusedT = fused.genuine.length
    ? fnmrAtFmr(fused.genuine, fused.impostor, CALIBRATION_FMR).threshold
    : Number.NaN;
  return { single, fused, singleT, fusedT };
}

/**
 * Threshold transfer to a sensor never seen: for each set, the single-finger and fused thresholds
 * are calibrated at CALIBRATION_FMR on the other sets pooled and applied to the held-out set.
 */
function leaveOneSensorOut(results: readonly SetResult[]) {
  if (results.length < 2) return [];
  return results.map((held) => {
    const { singleT, fusedT } = pooledThresholds(results.filter((r) => r !== held));
    return {
      heldOut: held.set,
      singleThreshold: singleT,
      single: ratesAt(held.scores.raw!.genuine, held.scores.raw!.impostor, singleT),
      fusedThreshold: fusedT,
      fused: held.fused.raw ? ratesAt(held.fused.raw.genuine, held.fused.raw.impostor, fusedT) : null,
    };
  });
}

function tableRow(name: string, s: RateSummary | undefined, extra = ''): string {
  if (!s) return '';
  return `| ${name} | ${pct(s.eer)} | ${pct(s.fnmrAtFmr1.fnmr)} | ${pct(s.fnmrAtFmr01.fnmr)} | ${pct(s.fnmrAtFmr001.fnmr)} | ${pct(s.fnmrAtZeroFmr.fnmr)} |${extra}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rule = loadStationConfig(args.config).certification.fusionRule;
  const results: SetResult[] = [];
  for (const set of args.sets) {
    const r = await evaluateSet(args, set, rule);
    if (r) results.push(r);
  }
  if (results.length === 0) {
    console.error('no data set evaluated');
    process.exit(2);
  }
  const { single, fused, singleT, fusedT } = pooledThresholds(results);
  const calibration = {
    fmr: CALIBRATION_FMR,
    fusionRule: rule,
    singleFinger: {
      threshold: singleT,
      library: FINGERPRINT_MATCH_THRESHOLD,
      ...summarizeRates(single.genuine, single.impostor),
    },
    fused: fused.genuine.length
      ? {
          threshold: fusedT,
          station: fusionThreshold(rule),
          ...summarizeRates(fused.genuine, fused.impostor),
        }
      : null,
    leaveOneSensorOut: leaveOneSensorOut(results),
    perSetAtPooledThresholds: results.map((r) => ({
      set: r.set,
      single: ratesAt(r.scores.raw!.genuine, r.scores.raw!.impostor, singleT),
      fused: r.fused.raw ? ratesAt(r.fused.raw.genuine, r.fused.raw.impostor, fusedT) : null,
    })),
  };

  const lines: string[] = [];
  lines.push(`# Fingerprint evaluation (${new Date().toISOString()})`, '');
  lines.push(
    'Per set: 280 genuine and 2,880 cross-finger impostor comparisons (10 fingers x 8). FNMR at FMR 0.01 % is FNMR at zero FMR on 2,880 impostors.',
    '',
  );
  lines.push(
    '| set / condition | EER | FNMR@FMR1% | FNMR@FMR0.1% | FNMR@FMR0.01% | FNMR@ZeroFMR |',
    '|---|---|---|---|---|---|',
  );
  for (const r of results) {
    for (const c of CONDITIONS) if (r.conditions[c]) lines.push(tableRow(`${r.set} ${c}`, r.conditions[c]));
    const nbis = NBIS[r.set];
    if (nbis)
      lines.push(`| ${r.set} NBIS (data README) | ${pct(nbis.eer)} | – | ${pct(nbis.fnmrAtFmr01)} | – | – |`);
  }
  lines.push(tableRow('pooled raw', calibration.singleFinger));
  lines.push(
    '',
    `EER against the 45 FVC impostors (raw): ${results.map((r) => `${r.set} ${r.fvcImpostors ? pct(r.fvcImpostors.eer) : '–'}`).join(', ')}.`,
  );
  lines.push(
    '',
    `Two-finger fusion (${rule} rule; consecutive distinct fingers paired as one person, an approximation):`,
    '',
  );
  lines.push(
    '| set / condition | EER | FNMR@FMR1% | FNMR@FMR0.1% | FNMR@FMR0.01% | FNMR@ZeroFMR |',
    '|---|---|---|---|---|---|',
  );
  for (const r of results)
    for (const c of CONDITIONS) if (r.fusion[c]) lines.push(tableRow(`${r.set} ${c}`, r.fusion[c]));
  lines.push(
    '',
    'Quality: FNMR after rejecting the 5 % worst-quality images (threshold of the set at FMR 0.1 %):',
    '',
  );
  lines.push(
    '| set | FNMR before | FNMR after | at library threshold after | Spearman(quality, worst genuine) |',
    '|---|---|---|---|---|',
  );
  for (const r of results) {
    const qr = r.qualityRejection;
    lines.push(
      `| ${r.set} | ${pct(qr.fnmrAtSetFmr01ThresholdBefore)} | ${pct(qr.fnmrAtSetFmr01Threshold)} | ${pct(qr.fnmrAtLibraryThreshold)} | ${qr.spearmanQualityVsWorstGenuine} |`,
    );
  }
  lines.push(
    '',
    `Calibration at FMR ${CALIBRATION_FMR * 100} % on the pooled sets: single-finger threshold ${singleT} (library ${FINGERPRINT_MATCH_THRESHOLD}), fused threshold ${fusedT} (station ${fusionThreshold(rule)}).`,
    '',
  );
  lines.push(
    '| set | single FMR / FNMR at pooled threshold | fused FMR / FNMR at pooled threshold |',
    '|---|---|---|',
  );
  for (const p of calibration.perSetAtPooledThresholds) {
    lines.push(
      `| ${p.set} | ${pct(p.single.fmr)} / ${pct(p.single.fnmr)} | ${p.fused ? `${pct(p.fused.fmr)} / ${pct(p.fused.fnmr)}` : '–'} |`,
    );
  }
  if (calibration.leaveOneSensorOut.length) {
    lines.push(
      '',
      `Leave-one-sensor-out: thresholds calibrated at FMR ${CALIBRATION_FMR * 100} % on the other sets pooled, applied to the held-out set:`,
      '',
      '| held-out set | single threshold | single FMR / FNMR | fused threshold | fused FMR / FNMR |',
      '|---|---|---|---|---|',
    );
    for (const l of calibration.leaveOneSensorOut) {
      lines.push(
        `| ${l.heldOut} | ${round(l.singleThreshold, 5)} | ${pct(l.single.fmr)} / ${pct(l.single.fnmr)} | ${round(l.fusedThreshold, 5)} | ${l.fused ? `${pct(l.fused.fmr)} / ${pct(l.fused.fnmr)}` : '–'} |`,
      );
    }
  }
  lines.push('', 'Timings (ms, wall clock on a shared machine):', '');
  lines.push(
    '| set | extraction mean / p95 | extraction CPU mean | comparison mean / p95 (cached cylinders) | cold comparison mean / p95 | decision (2 fingers, WSQ decode) p95 |',
    '|---|---|---|---|---|---|',
  );
  for (const r of results) {
    const t = r.timingsMs;
    lines.push(
      `| ${r.set} | ${t.extraction!.mean} / ${t.extraction!.p95} | ${t.extractionCpu!.mean} | ${t.comparison!.mean} / ${t.comparison!.p95} | ${t.comparisonCold!.mean} / ${t.comparisonCold!.p95} | ${t.certificationDecision?.p95 ?? '–'} |`,
    );
  }
  lines.push('', 'Lowest genuine scores (raw; pairs sharing an image with a lower one left out):', '');
  for (const r of results) {
    lines.push(
      `- ${r.set}: ${r.lowestGenuine.map((l) => `${l.a}~${l.b} ${l.score} (${l.matched} paired, q ${l.quality.join('/')})`).join('; ')}`,
    );
  }
  const report = `${lines.join('\n')}\n`;

  mkdirSync(args.out, { recursive: true });
  writeFileSync(
    path.join(args.out, 'results.json'),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        libraryThreshold: FINGERPRINT_MATCH_THRESHOLD,
        fusionRule: rule,
        calibration,
        sets: results.map(({ scores, fused: f, ...rest }) => ({ ...rest, scoresRaw: scores, fusedRaw: f })),
      },
      null,
      1,
    )}\n`,
  );
  writeFileSync(path.join(args.out, 'report.md'), report);
  console.log(report);
  console.log(
    `wrote ${path.join(args.out, 'results.json')}, report.md${args.quick ? '' : ', <set>/det.png and <set>/failures/'}`,
  );
}

await main();

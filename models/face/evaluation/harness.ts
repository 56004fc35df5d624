/**
 * The portrait evaluation harness (npm run eval:portrait, test/integration/portrait-eval.test.ts):
 * for each portrait, the checker's verdict on the file as is; then an evaluation original (the
 * portrait re-framed to the token geometry at 400 px width: the station crops and de-rotates
 * anyway); then each defect variant (caught = its criterion ok on the original and nok on the
 * variant) and each harmless variant (stable = every criterion's status unchanged).
 *
 * Resolution-dependent thresholds are scaled to the 400 px evaluation token (the public test
 * portraits are far smaller than live captures): image size >= 360 x 463 and IED >= 90 px; every
 * other threshold is the default (BSI TR-03121-3 live capture).
 */
import sharp, { type OverlayOptions } from 'sharp';
import type { PortraitChecker } from '../check';
import type { PortraitConfigOverrides } from '../config';
import { CRITERION_IDS, type CriterionId, type CriterionStatus, LANDMARK_CRITERIA } from '../criteria/ids';
import type { RgbImage } from '../image/rgb-image';
import type { PortraitReport } from '../report';
import { warpToToken } from '../token';
import { DEFECTS, type DefectId, HARMLESS, type HarmlessId, makeDefect, makeHarmless } from './variants';

export const EVAL_TOKEN = { width: 400, height: 514, eyeLineRatio: 0.45, iedRatio: 0.25 } as const;

export const EVAL_CONFIG: PortraitConfigOverrides = {
  token: { width: 360, height: 463 },
  thresholds: { inter_eye_distance: { min: 90 } },
};

type Statuses = Partial<Record<CriterionId, CriterionStatus>>;

export interface VariantOutcome {
  readonly variant: string;
  readonly compliant: boolean;
  readonly nok: CriterionId[];
  readonly statuses: Statuses;
  readonly values: Partial<Record<CriterionId, number | null>>;
}

export interface PortraitOutcome {
  readonly file: string;
  /** The checker on the file as it is (default configuration). */
  readonly asIs: {
    compliant: boolean;
    nok: CriterionId[];
    ms: number;
    statuses: Statuses;
    values: VariantOutcome['values'];
  };
  readonly original: VariantOutcome | null;
  readonly defects: (VariantOutcome & {
    defect: DefectId;
    criterion: CriterionId;
    applicable: boolean;
    caught: boolean;
  })[];
  readonly harmless: (VariantOutcome & { change: HarmlessId; changed: CriterionId[] })[];
}

export interface EvaluationSummary {
  readonly portraits: number;
  readonly defects: Record<
    DefectId,
    { criterion: CriterionId; applicable: number; caught: number; rate: number | null }
  >;
  readonly defectsCaught: { applicable: number; caught: number; rate: number | null };
  readonly stability: {
    readonly perCriterion: Partial<Record<CriterionId, { same: number; total: number; rate: number }>>;
    readonly perChange: Record<HarmlessId, { same: number; total: number; rate: number }>;
    readonly overall: { same: number; total: number; rate: number | null };
  };
  /** Harmless variants of compliant originals that the checker rejects. */
  readonly falseRejections: { rejected: number; total: number; rate: number | null };
  /** Evaluation originals (re-framed portraits) that the checker rejects, with the reasons. */
  readonly originalsRejected: { file: string; nok: CriterionId[] }[];
}

/** Every criterion: the landmark ones too (not_assessed throughout when the checker has no landmark model). */
const ASSESSED_IDS = CRITERION_IDS;

/** The criteria a landmark model decides: pose and the landmark criteria (good-portrait false rejections). */
export const POSE_AND_LANDMARK_IDS: readonly CriterionId[] = ['yaw', 'pitch', ...LANDMARK_CRITERIA];

function outcome(variant: string, report: PortraitReport): VariantOutcome {
  const statuses: Statuses = {};
  const values: Partial<Record<CriterionId, number | null>> = {};
  for (const c of report.criteria) {
    statuses[c.id] = c.status;
    values[c.id] = c.value;
  }
  return {
    variant,
    compliant: report.compliant,
    nok: report.criteria.filter((c) => c.status === 'nok').map((c) => c.id),
    statuses,
    values,
  };
}

export interface EvaluateOptions {
  readonly checker: PortraitChecker;
  /** A checker built with EVAL_CONFIG for the variants. */
  readonly evalChecker: PortraitChecker;
  /** Keep the variant pictures for the contact sheet. */
  readonly keepImages?: boolean;
}

export interface EvaluationResult {
  readonly outcomes: PortraitOutcome[];
  readonly summary: EvaluationSummary;
  /** file -> variant name -> picture (only with keepImages). */
  readonly images: Map<string, Map<string, RgbImage>>;
}

export async function evaluatePortraits(
  files: readonly string[],
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const outcomes: PortraitOutcome[] = [];
  const images = new Map<string, Map<string, RgbImage>>();
  for (const [index, file] of files.entries()) {
    const kept = new Map<string, RgbImage>();
    const asIs = await options.checker.analyse(file);
    const seen = outcome('as_is', asIs.report);
    const entry: PortraitOutcome = {
      file,
      asIs: {
        compliant: seen.compliant,
        nok: seen.nok,
        ms: asIs.report.ms,
        statuses: seen.statuses,
        values: seen.values,
      },
      original: null,
      defects: [],
      harmless: [],
    };
    outcomes.push(entry);
    const face = asIs.report.face;
    if (!face) continue;
    const original = warpToToken(asIs.image, face.eyes, EVAL_TOKEN).image;
    const base = outcome('original', (await options.evalChecker.analyse(original)).report);
    (entry as { original: VariantOutcome }).original = base;
    if (options.keepImages) kept.set('original', original);
    const ied = EVAL_TOKEN.iedRatio * EVAL_TOKEN.width;
    for (const spec of DEFECTS) {
      const img = await makeDefect(original, spec.id, ied, index);
      const v = outcome(spec.id, (await options.evalChecker.analyse(img)).report);
      const applicable = base.statuses[spec.criterion] === 'ok';
      entry.defects.push({
        ...v,
        defect: spec.id,
        criterion: spec.criterion,
        applicable,
        caught: applicable && v.statuses[spec.criterion] === 'nok',
      });
      if (options.keepImages) kept.set(spec.id, img);
    }
    for (const h of HARMLESS) {
      const img = await makeHarmless(original, h.id);
      const v = outcome(h.id, (await options.evalChecker.analyse(img)).report);
      const changed = ASSESSED_IDS.filter((id) => v.statuses[id] !== base.statuses[id]);
      entry.harmless.push({ ...v, change: h.id, changed });
    }
    if (options.keepImages) images.set(file, kept);
  }
  return { outcomes, summary: summarise(outcomes), images };
}

const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

export function summarise(outcomes: readonly PortraitOutcome[]): EvaluationSummary {
  const defects = Object.fromEntries(
    DEFECTS.map((d) => {
      const rows = outcomes.flatMap((o) => o.defects.filter((x) => x.defect === d.id));
      const applicable = rows.filter((r) => r.applicable).length;
      const caught = rows.filter((r) => r.caught).length;
      return [d.id, { criterion: d.criterion, applicable, caught, rate: rate(caught, applicable) }];
    }),
  ) as EvaluationSummary['defects'];
  const applicable = Object.values(defects).reduce((s, d) => s + d.applicable, 0);
  const caught = Object.values(defects).reduce((s, d) => s + d.caught, 0);

  const perCriterion: Partial<Record<CriterionId, { same: number; total: number; rate: number }>> = {};
  for (const id of ASSESSED_IDS) {
    let same = 0;
    let total = 0;
    for (const o of outcomes) {
      for (const h of o.harmless) {
        total++;
        if (!h.changed.includes(id)) same++;
      }
    }
    if (total > 0) perCriterion[id] = { same, total, rate: rate(same, total)! };
  }
  const perChange = Object.fromEntries(
    HARMLESS.map((h) => {
      const rows = outcomes.flatMap((o) => o.harmless.filter((x) => x.change === h.id));
      const total = rows.length * ASSESSED_IDS.length;
      const same = total - rows.reduce((s, r) => s + r.changed.length, 0);
      return [h.id, { same, total, rate: rate(same, total) ?? 1 }];
    }),
  ) as EvaluationSummary['stability']['perChange'];
  const sameAll = Object.values(perChange).reduce((s, c) => s + c.same, 0);
  const totalAll = Object.values(perChange).reduce((s, c) => s + c.total, 0);

  const fromCompliant = outcomes.filter((o) => o.original?.compliant).flatMap((o) => o.harmless);
  const rejected = fromCompliant.filter((h) => !h.compliant).length;

  return {
    portraits: outcomes.length,
    defects,
    defectsCaught: { applicable, caught, rate: rate(caught, applicable) },
    stability: {
      perCriterion,
      perChange,
      overall: { same: sameAll, total: totalAll, rate: rate(sameAll, totalAll) },
    },
    falseRejections: { rejected, total: fromCompliant.length, rate: rate(rejected, fromCompliant.length) },
    originalsRejected: outcomes
      .filter((o) => o.original && !o.original.compliant)
      .map((o) => ({ file: o.file, nok: o.original!.nok })),
  };
}

/** A PNG grid: one row per portrait, original then each defect, with the verdict under each tile. */
export async function contactSheet(result: EvaluationResult): Promise<Buffer> {
  const tileW = 120;
  const tileH = 154;
  const labelH = 34;
  const columns = ['original', ...DEFECTS.map((d) => d.id)];
  const rows = result.outcomes.filter((o) => result.images.has(o.file));
  const width = tileW * columns.length;
  const height = Math.max(1, rows.length) * (tileH + labelH) + 20;
  const composites: OverlayOptions[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let header = '';
  columns.forEach((c, i) => {
    header += `<text x="${i * tileW + 4}" y="14" font-size="11" font-family="sans-serif">${esc(c)}</text>`;
  });
  composites.push({
    input: Buffer.from(
      `<svg width="${width}" height="20" xmlns="http://www.w3.org/2000/svg">${header}</svg>`,
    ),
    left: 0,
    top: 0,
  });
  for (const [r, o] of rows.entries()) {
    const imgs = result.images.get(o.file)!;
    for (const [c, name] of columns.entries()) {
      const img = imgs.get(name);
      if (!img) continue;
      const thumb = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
        .resize(tileW, tileH, { fit: 'contain', background: '#444' })
        .png()
        .toBuffer();
      const top = 20 + r * (tileH + labelH);
      composites.push({ input: thumb, left: c * tileW, top });
      const v = name === 'original' ? o.original : o.defects.find((d) => d.defect === name);
      const d = o.defects.find((x) => x.defect === name);
      const line1 = v ? (v.compliant ? 'OK' : `NOK ${v.nok.length}`) : '';
      const line2 = d
        ? d.applicable
          ? d.caught
            ? `caught: ${d.criterion}`
            : `MISSED ${d.criterion}`
          : 'n/a'
        : (o.file.split('/').pop() ?? '');
      const colour = d
        ? d.caught
          ? '#070'
          : d.applicable
            ? '#b00'
            : '#666'
        : v?.compliant
          ? '#070'
          : '#b00';
      const svg = `<svg width="${tileW}" height="${labelH}" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#fff"/><text x="3" y="13" font-size="11" font-family="sans-serif" fill="${colour}">${esc(line1)}</text><text x="3" y="28" font-size="9" font-family="sans-serif" fill="${colour}">${esc(line2)}</text></svg>`;
      composites.push({ input: Buffer.from(svg), left: c * tileW, top: top + tileH });
    }
  }
  return sharp({ create: { width, height, channels: 3, background: '#ddd' } })
    .composite(composites)
    .png({ palette: true, compressionLevel: 9 })
    .toBuffer();
}

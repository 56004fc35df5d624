/**
 * `recueil fingerprint ...` and `recueil wsq ...`: the on-device fingerprint engine from the command
 * line (outside evaluations call these exactly as written: keep flags and output stable).
 */

import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { FingerprintTemplate } from '../../models/fingerprint';

/** Loaded on first use: `recueil --help` loads no image codec (sharp, native) nor the engine. */
const engine = () => import('../../models/fingerprint');
const wsqCodec = () => import('../../models/fingerprint/wsq');
const sharpModule = () => import('sharp');

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Templates extracted once per image path, for the whole pairs file. */
class TemplateCache {
  private readonly templates = new Map<string, Promise<FingerprintTemplate>>();

  constructor(private readonly fp: Awaited<ReturnType<typeof engine>>) {}

  get(path: string): { template: Promise<FingerprintTemplate>; cached: boolean } {
    const known = this.templates.get(path);
    if (known) return { template: known, cached: true };
    const template = this.fp.loadFingerprintImage(path).then(this.fp.extractTemplate);
    this.templates.set(path, template);
    return { template, cached: false };
  }
}

async function comparePairs(file: string): Promise<number> {
  const fp = await engine();
  const cache = new TemplateCache(fp);
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let failures = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const [a, b, ...rest] = line.split('\t');
    if (!a || !b || rest.length > 0) {
      console.log(
        JSON.stringify({ a: a ?? null, b: b ?? null, error: 'expected two image paths separated by a tab' }),
      );
      failures += 1;
      continue;
    }
    const started = performance.now();
    try {
      const [ta, tb] = await Promise.all([cache.get(a).template, cache.get(b).template]);
      const { score } = fp.compareTemplates(ta, tb);
      const ms = Math.round((performance.now() - started) * 100) / 100;
      console.log(JSON.stringify({ a, b, score: Math.round(score * 1e6) / 1e6, ms }));
    } catch (error) {
      console.log(JSON.stringify({ a, b, error: describe(error) }));
      failures += 1;
    }
  }
  return failures;
}

export function registerFingerprintCommands(program: Command): void {
  const fingerprint = program.command('fingerprint').description('on-device fingerprint engine');
  fingerprint
    .command('compare')
    .description(
      'compare image pairs (one pair per line, two paths separated by a tab); one JSON object per line',
    )
    .requiredOption('--pairs <file>', 'file of image pairs')
    .option('--json', 'JSON lines (the default output)')
    .action(async (options: { pairs: string }) => {
      const failures = await comparePairs(options.pairs);
      if (failures > 0) {
        console.error(`${failures} pair(s) could not be compared`);
        process.exitCode = 1;
      }
    });
  fingerprint
    .command('quality <image>')
    .description('quality score 0-100 (in the spirit of NFIQ 2) with feedback for the agent')
    .option('--json', 'JSON output')
    .action(async (image: string, options: { json?: boolean }) => {
      const { assessQuality, feedbackMessageFr, loadFingerprintImage } = await engine();
      const started = performance.now();
      const assessment = assessQuality(await loadFingerprintImage(image));
      const feedback = assessment.feedback.map((f) => ({
        code: f.code,
        ...(f.move ? { move: f.move } : {}),
        message: feedbackMessageFr(f),
      }));
      const ms = Math.round(performance.now() - started);
      if (options.json) {
        console.log(
          JSON.stringify({ image, score: assessment.score, components: assessment.components, feedback, ms }),
        );
      } else {
        console.log(`${image}: qualité ${assessment.score}/100`);
        for (const f of feedback) console.log(`  - ${f.message}`);
      }
    });
  fingerprint
    .command('extract <image>')
    .description('extract minutiae and write an ISO/IEC 19794-2:2005 template')
    .requiredOption('-o, --output <template>', 'template file to write')
    .action(async (image: string, options: { output: string }) => {
      const { encodeIso19794_2, extractTemplate, loadFingerprintImage } = await engine();
      const template = extractTemplate(await loadFingerprintImage(image));
      await writeFile(options.output, encodeIso19794_2(template));
      console.log(`${options.output}: ${template.minutiae.length} minutiae`);
    });
  fingerprint
    .command('threshold')
    .description('print the decision threshold (calibrated at FMR 0.1 % on the development set)')
    .action(async () => console.log(String((await engine()).FINGERPRINT_MATCH_THRESHOLD)));

  const wsq = program.command('wsq').description('FBI WSQ codec');
  wsq
    .command('decode <input> <output>')
    .description('decode a WSQ file to an 8-bit greyscale PNG')
    .action(async (input: string, output: string) => {
      const { default: sharp } = await sharpModule();
      const image = (await wsqCodec()).decodeWsq(new Uint8Array(await readFile(input)));
      const png = sharp(Buffer.from(image.pixels), {
        raw: { width: image.width, height: image.height, channels: 1 },
      });
      await (image.ppi ? png.withMetadata({ density: image.ppi }) : png).png().toFile(output);
      console.log(`${output}: ${image.width}x${image.height}${image.ppi ? ` ${image.ppi} ppi` : ''}`);
    });
  wsq
    .command('encode <input> <output>')
    .description('encode an image (PNG, TIFF, BMP, JPEG...) as WSQ')
    .option(
      '--bitrate <bpp>',
      'target bit rate in bits per pixel (0.75 or 2.25 are the usual choices)',
      '0.75',
    )
    .action(async (input: string, output: string, options: { bitrate: string }) => {
      const bitrate = Number(options.bitrate);
      if (!Number.isFinite(bitrate) || bitrate <= 0 || bitrate > 8)
        throw new Error(`--bitrate: expected a number of bits per pixel in (0, 8], got ${options.bitrate}`);
      const image = await (await engine()).loadFingerprintImage(input);
      const bytes = (await wsqCodec()).encodeWsq(
        { width: image.width, height: image.height, pixels: image.pixels, ppi: image.ppi },
        { bitrate },
      );
      await writeFile(output, bytes);
      console.log(
        `${output}: ${bytes.length} bytes, ${((bytes.length * 8) / (image.width * image.height)).toFixed(2)} bpp`,
      );
    });
}

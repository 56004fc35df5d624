/**
 * `recueil photo ...`: the on-device ICAO portrait checker from the command line (a contract used
 * by outside evaluations: `photo check IMAGE [--json]` prints the report whatever the verdict and
 * exits 0; only an unreadable input exits non-zero, with a clear message), and `photo scan IMAGE
 * [--json] [--out FILE]` for a flatbed scan of a paper photo: `{ found, skewDegrees, token,
 * report, instruction }`, token being the path written with --out (null without it: the portrait
 * is not written anywhere unless asked). A scan without one photo, too large or unreadable exits 2
 * with the reason in English and the agent's sentence in French (and, with --json, found: false).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';

/** Loaded on first use: `recueil --help` loads no model runtime. */
const face = () => import('../../models/face');
const scanned = () => import('../../models/scan');

const statusFr = { ok: 'conforme', nok: 'NON conforme', not_assessed: 'non évalué' } as const;

export function registerPhotoCommands(program: Command): void {
  const photo = program.command('photo').description('ICAO portrait quality');
  photo
    .command('check <image>')
    .description('check a portrait criterion by criterion (BSI TR-03121-3 defaults)')
    .option('--json', 'JSON output')
    .action(async (image: string, options: { json?: boolean }) => {
      try {
        const report = await (await face()).checkPortrait(image);
        if (options.json) console.log(JSON.stringify(report));
        else {
          console.log(`${image}: ${report.compliant ? 'conforme' : 'NON conforme'} (${report.ms} ms)`);
          for (const c of report.criteria)
            console.log(`  ${c.id.padEnd(24)} ${statusFr[c.status].padEnd(13)} ${JSON.stringify(c.value)}`);
        }
      } catch (error) {
        if (error instanceof (await face()).PortraitInputError) {
          console.error(`${image}: ${error.message}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      } finally {
        await (await face()).disposeSharedChecker();
      }
    });
  photo
    .command('scan <image>')
    .description(
      'find the paper photo on a flatbed scan (PNG/JPEG/TIFF, any dpi), deskew it, crop the ISO/IEC 19794-5 token and check it (portrait and scan criteria)',
    )
    .option('--json', 'JSON output: { found, skewDegrees, token, report, instruction }')
    .option('--out <file>', 'write the ISO token JPEG there')
    .action(async (image: string, options: { json?: boolean; out?: string }) => {
      const scan = await scanned();
      try {
        const result = await scan.scanPortrait(image);
        let token: string | null = null;
        if (options.out && result.token) {
          await writeFile(options.out, await scan.encodeToken(result.token));
          token = options.out;
        }
        const { report, skewDegrees, instruction } = result;
        if (options.json)
          console.log(JSON.stringify({ found: result.found, skewDegrees, token, report, instruction }));
        else {
          console.log(
            `${image}: ${report.compliant ? 'conforme' : 'NON conforme'}, inclinaison ${skewDegrees}°, ${result.dpi} ppp (${report.ms} ms)`,
          );
          console.log(`  ${instruction}`);
          for (const c of report.criteria)
            console.log(`  ${c.id.padEnd(24)} ${statusFr[c.status].padEnd(13)} ${JSON.stringify(c.value)}`);
          if (token) console.log(`  portrait normalisé : ${token}`);
        }
      } catch (error) {
        if (error instanceof scan.ScanInputError) {
          if (options.json)
            console.log(
              JSON.stringify({
                found: false,
                skewDegrees: null,
                token: null,
                report: null,
                instruction: error.messageFr,
                error: { reason: error.reason, message: error.message },
              }),
            );
          console.error(`${image}: ${error.message}\n${error.messageFr}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      } finally {
        await (await face()).disposeSharedChecker();
      }
    });
  photo
    .command('token <image>')
    .description('crop and de-rotate (roll) to the ICAO token geometry (1244x1600)')
    .requiredOption('-o, --output <file>', 'output file (.jpg or .png)')
    .action(async (image: string, options: { output: string }) => {
      try {
        const analysis = await (await face()).analysePortrait(image);
        if (!analysis.geometry) {
          console.error(`${image}: aucun visage exploitable, pas de portrait normalisé`);
          process.exitCode = 3;
          return;
        }
        const format = options.output.toLowerCase().endsWith('.png') ? 'png' : 'jpeg';
        const { rightEye: right, leftEye: left } = analysis.geometry;
        const token = await (await face()).makeTokenPortrait(
          analysis.image,
          { eyes: { right, left } },
          { format },
        );
        await writeFile(options.output, token.data);
        console.log(`${options.output}: ${token.width}x${token.height}${token.upscaled ? ' (agrandi)' : ''}`);
      } catch (error) {
        if (error instanceof (await face()).PortraitInputError) {
          console.error(`${image}: ${error.message}`);
          process.exitCode = 2;
          return;
        }
        throw error;
      } finally {
        await (await face()).disposeSharedChecker();
      }
    });
}

/**
 * `recueil ephoto fetch CODE --config DIR/station.json [--json]` (issue 18 C, a contract used by
 * outside checks): fetches the e-photo record of a 22-character code from the provider, verifies
 * the provider's signature against the pinned key, and runs the portrait checker on the photo. It
 * prints `{ code, formatted, state, usable, message, provider, takenAt, expiresAt, report }`:
 * state `valid` (report: the same shape as `photo check`), or the refusal: `format`, `check`,
 * `unknown`, `used`, `expired`, `bad-signature`, `not-configured` (report null), each with the
 * agent's French message. Exit 0: a valid, authentic record (whatever the checker says); 2: bad
 * code, a refusal, the service in error or answering nonsense; 3: the central system out of reach.
 * Nothing is written to disk: the photo stays in memory.
 */
import type { Command } from 'commander';

const counterApi = () => import('../../sync/counter');
const face = () => import('../../models/face');
const domain = () => import('../../common/domain/ephoto-code');

const frDate = (iso: string) => new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

export function registerEphotoCommands(program: Command): void {
  program
    .command('ephoto')
    .description('e-photo codes (photos deposited by approved booths and photographers)')
    .command('fetch')
    .description("fetch and verify a code's photo and signature, and check the portrait")
    .argument('<code>', 'the e-photo code (22 characters; spaces and dashes allowed)')
    .requiredOption('--config <file>', 'station.json')
    .option('--json', 'JSON output')
    .action(async (input: string, options: { config: string; json?: boolean }) => {
      const api = await counterApi();
      const { formatEphotoCode, parseEphotoCode } = await domain();
      const code = parseEphotoCode(input).code;
      const print = (value: Record<string, unknown>, text: string, toStderr = false) => {
        if (options.json) console.log(JSON.stringify({ code, formatted: formatEphotoCode(code), ...value }));
        else (toStderr ? console.error : console.log)(text);
      };
      const link = await api.openCounterLink(options.config);
      try {
        const record = await api.fetchEphoto(link, input);
        const checker = await face();
        try {
          const report = await checker.checkPortrait(record.photo, checker.ISO_TOKEN_PORTRAIT_CONFIG);
          const message = `Photo e-photo authentique (${record.provider}, prise le ${frDate(record.takenAt)}, valable jusqu’au ${frDate(record.expiresAt)}) : ${report.compliant ? 'conforme' : 'NON conforme, voir les critères'}.`;
          print(
            {
              state: 'valid',
              usable: true,
              message,
              provider: record.provider,
              takenAt: record.takenAt,
              expiresAt: record.expiresAt,
              signatureBytes: record.signature.length,
              report,
            },
            `${formatEphotoCode(code)}: ${message}`,
          );
        } catch (error) {
          if (!(error instanceof checker.PortraitInputError)) throw error;
          print(
            {
              state: 'valid',
              usable: false,
              message: `La photo du code est illisible : ${error.message}`,
              report: null,
            },
            `${formatEphotoCode(code)}: photo illisible (${error.message})`,
            true,
          );
          process.exitCode = 2;
        } finally {
          await checker.disposeSharedChecker();
        }
      } catch (error) {
        if (error instanceof api.EphotoRefused) {
          const state = error.reason === 'signature' ? 'bad-signature' : error.reason;
          print(
            { state, usable: false, message: error.messageFr, detail: error.message, report: null },
            `${error.messageFr}\n(${state}: ${error.message})`,
            true,
          );
          process.exitCode = 2;
          return;
        }
        if (!(error instanceof api.CounterServiceError)) throw error;
        print(
          {
            state: error.offline ? 'offline' : error.failure,
            usable: false,
            message: error.messageFr,
            detail: error.message,
            report: null,
          },
          `${error.messageFr}\n(${error.failure}: ${error.message})`,
          true,
        );
        process.exitCode = error.offline ? 3 : 2;
      } finally {
        link.close();
      }
    });
}

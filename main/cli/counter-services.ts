/**
 * `recueil preapp fetch|rdv status|timbre check`: the counter services from the station, as the
 * station understands their answers (a contract used by outside checks: flags and output shapes stay).
 *   recueil preapp fetch NUMBER --config station.json [--json]
 *   recueil rdv status NUMBER --config station.json [--here MEETING_POINT] [--json]
 *   recueil timbre check NUMBER --config station.json [--title passport|id-card --reason R --age N] [--json]
 * Output: the service's answer plus `usable` and the French `message` the agent would read.
 * Exit 0: answered and usable (a duplicate appointment is shown, not refused); 2: bad input (format,
 * check character), an unusable answer (pre-application expired, used or unknown; stamp consumed,
 * cancelled, unknown or of the wrong amount), the service not answering in time or in error;
 * 3: the central system is out of reach: the lookup is deferred to the next sync (`deferred`).
 */
import type { Command } from 'commander';
import { UsageError } from './usage-error';

const counterApi = () => import('../../sync/counter');

type Api = Awaited<ReturnType<typeof counterApi>>;

interface CommonOptions {
  config: string;
  json?: boolean;
}

function print(json: boolean | undefined, value: Record<string, unknown>, text: string): void {
  console.log(json ? JSON.stringify(value) : text);
}

/** Runs one lookup; maps the client's failures to the exit codes above. */
async function lookup(
  options: CommonOptions,
  number: string,
  kind: 'pre-application-lookup' | 'appointments-lookup' | 'tax-stamp-lookup',
  run: (
    api: Api,
    link: Awaited<ReturnType<Api['openCounterLink']>>,
  ) => Promise<{ value: Record<string, unknown>; usable: boolean; message: string }>,
): Promise<void> {
  const api = await counterApi();
  const link = await api.openCounterLink(options.config);
  try {
    const { value, usable, message } = await run(api, link);
    print(options.json, { ...value, usable, message }, message);
    process.exitCode = usable ? 0 : 2;
  } catch (error) {
    if (!(error instanceof api.CounterServiceError)) throw error;
    if (error.offline) {
      const deferred = api.deferOperation(link.dataDir, kind, number.replace(/[\s-]/g, '').toUpperCase());
      print(
        options.json,
        {
          number: deferred.number,
          state: 'deferred',
          offline: true,
          usable: false,
          deferredId: deferred.id,
          message: error.messageFr,
        },
        error.messageFr,
      );
      process.exitCode = 3;
      return;
    }
    if (options.json)
      console.log(
        JSON.stringify({ error: { code: error.failure, message: error.messageFr, detail: error.message } }),
      );
    else console.error(`${error.messageFr}\n(${error.failure}: ${error.message})`);
    process.exitCode = 2;
  } finally {
    link.close();
  }
}

const REASONS = ['first', 'renewal', 'loss', 'theft', 'change'] as const;

export function registerCounterServiceCommands(program: Command): void {
  program
    .command('preapp')
    .description('online pre-applications (ANTS)')
    .command('fetch')
    .description('fetch a pre-application by its 10-character number, as the station understands it')
    .argument('<number>', 'the pre-application number (10 characters)')
    .requiredOption('--config <file>', 'station.json')
    .option('--json', 'JSON output')
    .action((number: string, options: CommonOptions) =>
      lookup(options, number, 'pre-application-lookup', async (api, link) => {
        const answer = await api.fetchPreApplication(link, number);
        return { value: answer, ...api.understandPreApplication(answer) };
      }),
    );

  program
    .command('rdv')
    .description('the appointment platform (anti-duplicate)')
    .command('status')
    .description('status of an application id and the appointments it holds elsewhere')
    .argument('<number>', 'the pre-application number (application id)')
    .requiredOption('--config <file>', 'station.json')
    .option('--here <meeting-point>', "this town hall's meeting point (its own appointment is no duplicate)")
    .option('--json', 'JSON output')
    .action((number: string, options: CommonOptions & { here?: string }) =>
      lookup(options, number, 'appointments-lookup', async (api, link) => {
        const status = await api.rdvStatus(link, number);
        const id = number.replace(/[\s-]/g, '').toUpperCase();
        const understood = api.understandAppointments(id, status, options.here);
        return {
          value: {
            applicationId: id,
            ...status,
            elsewhere: understood.elsewhere,
            duplicate: understood.elsewhere.length > 0,
          },
          // The status is information for the agent: only a failed lookup exits non-zero.
          usable: true,
          message: understood.message,
        };
      }),
    );

  program
    .command('timbre')
    .description('electronic tax stamps (timbre fiscal électronique)')
    .command('check')
    .description('check a 16-digit tax stamp, and its amount against the title when given')
    .argument('<number>', 'the stamp number (16 digits)')
    .requiredOption('--config <file>', 'station.json')
    .option('--title <type>', 'passport or id-card')
    .option('--reason <reason>', REASONS.join(', '))
    .option('--age <years>', "the applicant's age in years")
    .option('--json', 'JSON output')
    .action((number: string, options: CommonOptions & { title?: string; reason?: string; age?: string }) => {
      const given = [options.title, options.reason, options.age].filter((v) => v !== undefined).length;
      if (given !== 0 && given !== 3) throw new UsageError('--title, --reason and --age go together');
      if (options.title !== undefined && options.title !== 'passport' && options.title !== 'id-card')
        throw new UsageError(`--title: expected passport or id-card, got ${options.title}`);
      if (options.reason !== undefined && !(REASONS as readonly string[]).includes(options.reason))
        throw new UsageError(`--reason: expected one of ${REASONS.join(', ')}, got ${options.reason}`);
      const age = options.age === undefined ? undefined : Number(options.age);
      if (age !== undefined && (!Number.isInteger(age) || age < 0 || age > 130))
        throw new UsageError(`--age: expected a whole number of years, got ${options.age}`);
      const expected =
        options.title && options.reason && age !== undefined
          ? {
              title: options.title as 'passport' | 'id-card',
              reason: options.reason as (typeof REASONS)[number],
              ageYears: age,
            }
          : undefined;
      return lookup(options, number, 'tax-stamp-lookup', async (api, link) => {
        const answer = await api.checkTaxStamp(link, number);
        // the rates of the signed configuration in force (built-in until the central sends one)
        const { taxStampRatesInForce } = await import('../../sync/configuration');
        const rates = taxStampRatesInForce(link.dataDir);
        const understood = api.understandTaxStamp(answer, expected && { ...expected, rates });
        return {
          value: {
            ...answer,
            ...(understood.expectedCents !== undefined ? { expectedCents: understood.expectedCents } : {}),
          },
          usable: understood.usable,
          message: understood.message,
        };
      });
    });
}

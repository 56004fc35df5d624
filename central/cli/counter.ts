/**
 * `recueil central preapp|timbre|rdv`: test data for the simulated counter services.
 *   recueil central preapp add --config central.json [--state valid|expired|used] [--title passport|id-card]
 *       [--reason first|renewal|loss|theft|change] [--surname S] [--given-names G] [--birth-date YYYY-MM-DD]
 *       [--sex F|M|X] [--json]                     prints the number ({"number", "state", ...} with --json)
 *   recueil central timbre issue --config central.json --amount EUR [--state valid|consumed|cancelled] [--json]
 *   recueil central rdv declare --config central.json --application-id ID --meeting-point NAME
 *       --date YYYY-MM-DDTHH:MM:SS --url URL       an appointment held in another town hall
 * Bad values exit 2 with the expected form.
 */
import type { Command } from 'commander';
import { ApplicationReason, TitleKind } from '../../sync/protocol/counter-services';
import type { CounterServicesStore } from '../store/counter-services';
import { CentralUsageError, oneOf, runCommand } from './usage';
import { withCentralStore } from './with-store';

/** Euros as typed ("86", "42.00", "17,5") to cents; a bad amount is a usage error. */
export function parseEuros(value: string): number {
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(value.trim());
  if (!match)
    throw new CentralUsageError(`--amount: expected an amount in euros (e.g. 86 or 42.50), got ${value}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

function withCounter<T>(configFile: string, use: (counter: CounterServicesStore) => T): Promise<T> {
  return withCentralStore(configFile, (store) => use(store.counter));
}

interface PreappOptions {
  config: string;
  state?: string;
  title?: string;
  reason?: string;
  surname?: string;
  givenNames?: string;
  birthDate?: string;
  sex?: string;
  json?: boolean;
}

export function registerCounterCommands(program: Command): void {
  program
    .command('preapp')
    .description('the simulated pre-application service')
    .command('add')
    .description('create a pre-application (valid 6 months) and print its number')
    .requiredOption('--config <file>', 'central.json')
    .option('--state <state>', 'valid (default), expired (created 7 months ago) or used')
    .option('--title <type>', 'passport (default) or id-card')
    .option('--reason <reason>', 'first (default), renewal, loss, theft or change')
    .option('--surname <name>', 'surname (default MARTIN)')
    .option('--given-names <names>', 'given names')
    .option('--birth-date <date>', 'YYYY-MM-DD')
    .option('--sex <sex>', 'F, M or X')
    .option('--json', 'JSON output: {"number", "state", "expiresAt", "application"}')
    .action((options: PreappOptions) =>
      runCommand(async () => {
        const state = oneOf('--state', options.state, ['valid', 'expired', 'used'] as const);
        const titleType = oneOf('--title', options.title, TitleKind.options);
        const reason = oneOf('--reason', options.reason, ApplicationReason.options);
        const sex = oneOf('--sex', options.sex, ['F', 'M', 'X'] as const);
        if (options.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.birthDate))
          throw new CentralUsageError(`--birth-date: expected YYYY-MM-DD, got ${options.birthDate}`);
        const answer = await withCounter(options.config, (counter) => {
          const base = counter.preApplicationTemplate();
          return counter.addPreApplication({
            ...(state ? { state } : {}),
            content: {
              ...(titleType ? { titleType } : {}),
              ...(reason ? { reason } : {}),
              identity: {
                ...base.identity,
                ...(options.surname ? { surname: options.surname.toUpperCase() } : {}),
                ...(options.givenNames ? { givenNames: options.givenNames } : {}),
                ...(options.birthDate ? { birthDate: options.birthDate } : {}),
                ...(sex ? { sex } : {}),
              },
            },
          });
        });
        console.log(options.json ? JSON.stringify(answer) : answer.number);
      }),
    );

  program
    .command('timbre')
    .description('the simulated electronic tax-stamp ledger')
    .command('issue')
    .description('issue a tax stamp of the given amount and print its 16-digit number')
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--amount <eur>', 'face value in euros (e.g. 86)')
    .option('--state <state>', 'valid (default), consumed or cancelled')
    .option('--json', 'JSON output: {"number", "state", "amountCents", "issuedAt"}')
    .action((options: { config: string; amount: string; state?: string; json?: boolean }) =>
      runCommand(async () => {
        const amountCents = parseEuros(options.amount);
        const state = oneOf('--state', options.state, ['valid', 'consumed', 'cancelled'] as const);
        const answer = await withCounter(options.config, (counter) =>
          counter.issueTaxStamp(amountCents, state),
        );
        console.log(options.json ? JSON.stringify(answer) : answer.number);
      }),
    );

  program
    .command('rdv')
    .description('the simulated appointment platform')
    .command('declare')
    .description('declare an appointment for an application id (as another town hall’s software would)')
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--application-id <id>', 'the pre-application number')
    .requiredOption('--meeting-point <name>', 'the town hall')
    .requiredOption('--date <datetime>', 'YYYY-MM-DDTHH:MM:SS')
    .requiredOption('--url <url>', 'where the citizen manages the appointment')
    .option('--meeting-point-id <id>', "the town hall's id")
    .action(
      (options: {
        config: string;
        applicationId: string;
        meetingPoint: string;
        date: string;
        url: string;
        meetingPointId?: string;
      }) =>
        runCommand(async () => {
          if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(options.date))
            throw new CentralUsageError(`--date: expected YYYY-MM-DDTHH:MM:SS, got ${options.date}`);
          const declared = await withCounter(options.config, (counter) =>
            counter.declareAppointment(options.applicationId, {
              meeting_point: options.meetingPoint,
              meeting_point_id: options.meetingPointId ?? null,
              appointment_date: options.date,
              management_url: options.url,
            }),
          );
          if (!declared) {
            console.error(`${options.applicationId}: unknown, consumed or expired application id`);
            process.exitCode = 2;
            return;
          }
          console.log(`declared ${options.applicationId} ${options.meetingPoint} ${options.date}`);
        }),
    );
}

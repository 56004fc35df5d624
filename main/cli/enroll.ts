/**
 * `recueil enroll` (station provisioning, docs/enrollment.md; the central operator's side is the
 * central program's, central/cli/enroll.ts). Contract:
 *   recueil enroll --central URL --code CODE [--config FILE]   exit 0 with a one-line summary
 *   recueil enroll status [--config FILE] [--json]              exit 0 enrolled, 3 not enrolled
 *   recueil enroll renew [--config FILE]
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { positiveInteger } from '../../common/cli-options';

/** Loaded on first use: `recueil --help` loads no X.509 stack. */
const enrollment = () => import('../../sync/enroll');

/** Loaded on first use: the configuration schemas (zod). */
const defaultConfig = async () => join((await import('../services/config')).defaultDataDir(), 'station.json');

/** EnrollError: French cause on stderr, exit 1 (2 for usage problems). */
async function guarded(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof (await enrollment()).EnrollError)) throw error;
    console.error(error.message);
    process.exitCode = ['code-malformed', 'bad-url', 'config-missing', 'already-enrolled'].includes(
      error.code,
    )
      ? 2
      : 1;
  }
}

interface EnrollCli {
  central?: string;
  code?: string;
  config?: string;
  dir?: string;
  ca?: string;
  fingerprint?: string;
  passphraseFile?: string;
  townHall?: string;
  insee?: string;
  force?: boolean;
  json?: boolean;
}

export function registerEnrollCommands(program: Command): void {
  const enroll = program
    .command('enroll')
    .description(
      'enroll this station with the central title system (one-time code from the central operator)',
    )
    .option(
      '--central <url>',
      'URL of the central enrollment service (printed by `central serve` as "enrollment <url>")',
    )
    .option('--code <code>', 'one-time enrollment code')
    .option('--config <file>', 'station configuration file (JSON); written or updated')
    .option(
      '--dir <dir>',
      'folder for the certificates and keys (default: enrollment/ beside the configuration)',
    )
    .option('--ca <file>', 'PEM of the CA that must have issued the central server certificate')
    .option('--fingerprint <sha256>', 'expected SHA-256 fingerprint of the central server certificate')
    .option('--passphrase-file <file>', 'DEMO ONLY: 0600 file holding the key passphrase (created if absent)')
    .option('--town-hall <name>', 'town hall name, when the configuration file does not exist yet')
    .option('--insee <code>', 'INSEE code of the town hall, with --town-hall')
    .option('--force', 'replace an existing enrollment')
    .option('--json', 'JSON output')
    .action(async (options: EnrollCli) => {
      await guarded(async () => {
        if (!options.central || !options.code) {
          console.error('usage: recueil enroll --central URL --code CODE [--config FILE]');
          process.exitCode = 2;
          return;
        }
        const result = await (await enrollment()).enrollStation({
          centralUrl: options.central,
          code: options.code,
          configFile: options.config ?? (await defaultConfig()),
          ...(options.dir ? { dir: options.dir } : {}),
          ...(options.ca ? { caFile: options.ca } : {}),
          ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
          ...(options.passphraseFile ? { passphraseFile: options.passphraseFile } : {}),
          ...(options.townHall
            ? { townHall: { name: options.townHall, inseeCode: options.insee ?? '' } }
            : {}),
          force: options.force === true,
        });
        if (options.json) console.log(JSON.stringify(result));
        else
          console.log(
            `enrolled ${result.stationId} url ${result.url} certificate valid until ${result.notAfter} config ${result.configFile}`,
          );
      });
    });

  enroll
    .command('status')
    .description(
      'is this station enrolled? certificate expiry and renewal warning (exit 3 when not enrolled)',
    )
    .option('--config <file>', 'station configuration file (JSON)')
    .option('--warn-days <n>', 'warn this many days before the certificate expires', '30')
    .option('--json', 'JSON output')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ config?: string; warnDays?: string; json?: boolean }>();
      const status = await (await enrollment()).stationEnrollmentStatus(
        options.config ?? (await defaultConfig()),
        {
          warningDays: positiveInteger('--warn-days', options.warnDays, 30),
        },
      );
      if (options.json) console.log(JSON.stringify(status));
      else if (status.enrolled)
        console.log(
          `enrolled, certificate valid until ${status.expiresAt}${status.warning ? `\n${status.warning}` : ''}`,
        );
      else console.log(`not enrolled: ${status.reason}`);
      if (!status.enrolled) process.exitCode = 3;
    });

  enroll
    .command('renew')
    .description('renew the station certificate over the current mutual-TLS identity')
    .option('--config <file>', 'station configuration file (JSON)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ config?: string }>();
      await guarded(async () => {
        const result = await (await enrollment()).renewCertificate(options.config ?? (await defaultConfig()));
        console.log(`renewed ${result.stationId} certificate valid until ${result.notAfter}`);
      });
    });
}

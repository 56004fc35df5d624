/**
 * `recueil central enroll-code|revoke`: the central operator's side of enrollment (docs/enrollment.md).
 *   recueil central enroll-code --config central.json [--station-id ID] [--ttl-minutes N] [--json]
 *   recueil central revoke --config central.json --station-id ID
 */
import type { Command } from 'commander';
import { positiveInteger } from '../../common/cli-options';
import { issueEnrollmentCode, revokeStation } from '../enroll/service';
import { loadCentralConfig } from '../server/config';

export function registerEnrollmentCommands(program: Command): void {
  program
    .command('enroll-code')
    .description('issue a one-time enrollment code (single use, short expiry)')
    .requiredOption('--config <file>', 'central.json')
    .option('--station-id <id>', 'reserve the code for this station id')
    .option('--ttl-minutes <n>', 'lifetime of the code (default: enrollment.codeTtlMinutes)')
    .option('--json', 'JSON output: {"code","stationId","expiresAt"}')
    .action((options: { config: string; stationId?: string; ttlMinutes?: string; json?: boolean }) => {
      const config = loadCentralConfig(options.config);
      if (!config.enrollment) {
        console.error(`${options.config}: enrollment is not enabled (no "enrollment" section)`);
        process.exitCode = 2;
        return;
      }
      const issued = issueEnrollmentCode(config.dataDir, {
        ttlMinutes: positiveInteger('--ttl-minutes', options.ttlMinutes, config.enrollment.codeTtlMinutes),
        ...(options.stationId ? { stationId: options.stationId } : {}),
      });
      if (options.json) console.log(JSON.stringify(issued));
      else
        console.log(
          `code ${issued.code} expires ${issued.expiresAt}${issued.stationId ? ` station ${issued.stationId}` : ''}`,
        );
    });
  program
    .command('revoke')
    .description('revoke a station: its requests are refused (403 station-revoked)')
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--station-id <id>', 'station to revoke')
    .action((options: { config: string; stationId: string }) => {
      const config = loadCentralConfig(options.config);
      const { known } = revokeStation(
        config.dataDir,
        options.stationId,
        config.stations.map((s) => s.id),
      );
      if (!known) {
        console.error(`unknown station ${options.stationId}`);
        process.exitCode = 1;
        return;
      }
      console.log(`revoked ${options.stationId}`);
    });
}

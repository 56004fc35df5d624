/** `recueil audit verify`: checks the hash chain of the station's audit log (a contract: exit 0 = intact). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';

/** Loaded on first use: the audit chain, its logger (pino) and the configuration schemas (zod). */
const audit = () => import('../services/audit');
const stationConfig = () => import('../services/config');

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('the append-only, hash-chained audit log')
    .command('verify')
    .description('verify the audit chain (edits, deletions, reordering, truncation); exit 1 when broken')
    .option('--config <file>', 'station configuration file (default: the demonstration station)')
    .option('--json', 'JSON output')
    .action(async (options: { config?: string; json?: boolean }) => {
      const { defaultDataDir, demoConfig, loadConfigFile } = await stationConfig();
      const demoStation = join(defaultDataDir(), 'demo', 'station.json');
      const config = options.config
        ? loadConfigFile(options.config)
        : existsSync(demoStation)
          ? loadConfigFile(demoStation)
          : demoConfig();
      const { auditDir, runAuditVerifyCommand } = await audit();
      process.exitCode = await runAuditVerifyCommand(auditDir(config.dataDir), {
        json: options.json === true,
      });
    });
}

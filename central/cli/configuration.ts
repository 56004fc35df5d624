/**
 * `recueil central config push`: signs and publishes a configuration version (a contract used by
 * outside checks: the command and its flags stay).
 *   recueil central config push --config DIR/central.json --file CONFIG.json [--json]
 * The file is a configuration document (docs/configuration.md); `issuedAt` is filled with the
 * publication time when absent. Prints `published configuration version N` ({"version",
 * "issuedAt", "sha256"} with --json). Exit 2: the file cannot be read, is not JSON, does not match
 * the document's schema (each problem named by its path, e.g. `taxStampRates.passportAdultCents`),
 * or its version is not greater than the last published one.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Command } from 'commander';
import type { z } from 'zod';
import { type ConfigDocument, ConfigDocumentFile } from '../../common/domain/config-document';
import { type CentralPrivateJwks, importCentralKeys, signConfiguration } from '../../sync/crypto/central';
import { loadCentralConfig } from '../server/config';
import { ConfigurationVersions, VersionNotNewer } from '../store';
import { CentralUsageError, runCommand } from './usage';

/** One line per problem: `path: message` (the path as the document writes it, `(root)` for the whole). */
export function documentProblems(error: z.ZodError, raw: unknown): string[] {
  const absent = (path: readonly PropertyKey[]) => {
    let value: unknown = raw;
    for (const key of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key];
    return value === undefined;
  };
  return error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (issue.code === 'unrecognized_keys')
      return `${issue.keys.map((k) => (issue.path.length ? `${key}.${k}` : k)).join(', ')}: unknown key (check the spelling)`;
    if (issue.code === 'invalid_type' && absent(issue.path)) return `${key}: missing (${issue.message})`;
    return `${key}: ${issue.message}`;
  });
}

async function readDocument(file: string, now: Date): Promise<ConfigDocument> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CentralUsageError(
      `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CentralUsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const result = ConfigDocumentFile.safeParse(raw);
  if (!result.success)
    throw new CentralUsageError(
      `${file}: not a valid configuration document:\n${documentProblems(result.error, raw)
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
  return { ...result.data, issuedAt: result.data.issuedAt ?? now.toISOString() };
}

export function registerConfigurationCommands(program: Command): void {
  program
    .command('config')
    .description('the signed configuration pushed to stations')
    .command('push')
    .description('sign a configuration document and publish it as a new version')
    .requiredOption('--config <file>', 'central.json')
    .requiredOption('--file <file>', 'the configuration document (JSON, docs/configuration.md)')
    .option('--json', 'JSON output: {"version", "issuedAt", "sha256"}')
    .action((options: { config: string; file: string; json?: boolean }) =>
      runCommand(async () => {
        const config = loadCentralConfig(options.config);
        const document = await readDocument(options.file, new Date());
        const keys = await importCentralKeys(
          JSON.parse(await fs.readFile(config.keys, 'utf8')) as CentralPrivateJwks,
        );
        const jws = await signConfiguration(document, keys);
        try {
          await new ConfigurationVersions(config.dataDir).publish(document.version, jws);
        } catch (error) {
          if (error instanceof VersionNotNewer) throw new CentralUsageError(error.message);
          throw error;
        }
        const sha256 = createHash('sha256').update(jws).digest('hex');
        console.log(
          options.json
            ? JSON.stringify({ version: document.version, issuedAt: document.issuedAt, sha256 })
            : `published configuration version ${document.version}`,
        );
      }),
    );
}

/**
 * The `recueil` command's entry (run from the TypeScript sources by bin/recueil.mjs): parses the
 * command line with the command tree (`program.ts`) and runs the command; a configuration error
 * exits 2, any other error 1.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram } from './program';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

buildProgram(appRoot)
  .parseAsync(process.argv)
  .catch(async (error: unknown) => {
    // The configuration module is loaded already when it threw (`--help` does not load it).
    const { ConfigError } = await import('../services/config');
    const { UsageError } = await import('./usage-error');
    if (error instanceof ConfigError || error instanceof UsageError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });

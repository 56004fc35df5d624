/**
 * The CLI bundle's entry (dist/cli/usage.mjs, built by scripts/build-cli.mjs): answers help, version
 * and usage errors from the same command tree as the sources (`program.ts`), without tsx. It never
 * runs a command: when the command line reaches an action, `answerUsage` returns, and bin/recueil.mjs
 * runs the CLI from its TypeScript sources, which parse the command line again.
 */
import { buildProgram } from './program';

class ActionReached extends Error {}

/**
 * Parses `argv` like the CLI does. Help, version and usage errors are answered here (commander writes
 * them and exits the process); returns when a command must run.
 */
export async function answerUsage(appRoot: string, argv: string[]): Promise<void> {
  const program = buildProgram(appRoot);
  program.hook('preAction', () => {
    throw new ActionReached();
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof ActionReached)) throw error;
  }
}

/**
 * Usage errors of the central's commands: a bad option value, an unknown dossier or request, a
 * refused move. `runCommand` prints the message and sets exit code 2; anything else propagates
 * (central/main.ts exits 1, or 2 for a bad central.json).
 */
export class CentralUsageError extends Error {}

/** `value` when it is one of `allowed`, undefined when absent; else a usage error listing them. */
export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new CentralUsageError(`${name}: expected one of ${allowed.join(', ')}, got ${value}`);
  return value as T;
}

export function runCommand(action: () => Promise<void>): Promise<void> {
  return action().catch((error: unknown) => {
    if (!(error instanceof CentralUsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  });
}

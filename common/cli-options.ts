/** Option parsing shared by the station's and the reference central's command lines. */

/** A whole number ≥ 1 given as a CLI option, or the fallback when the option is absent. */
export function positiveInteger(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new Error(`${name}: a positive whole number is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name}: expected a positive whole number, got ${value}`);
  return n;
}

/** Resolves on SIGINT or SIGTERM: a foreground server's lifetime. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

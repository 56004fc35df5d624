/**
 * The checks of a device self-test: each check that fails with a DeviceError is recorded as failed
 * (with its code and message) and the self-test goes on; an aborted operation, a disconnection or a
 * failure that is not a DeviceError ends the self-test itself.
 */
import type { SelfTestResult } from './capabilities';
import { DeviceError } from './errors';

export interface SelfTestChecks {
  /** Runs one check; `body` returns the detail shown when it passes. */
  check(name: string, body: () => Promise<string>): Promise<void>;
  /** The result so far: passed when every check passed. */
  result(): SelfTestResult;
}

/** Checks of one self-test running under `signal` (the operation's). */
export function selfTestChecks(signal: AbortSignal): SelfTestChecks {
  const checks: SelfTestResult['checks'] = [];
  return {
    async check(name, body) {
      try {
        checks.push({ name, passed: true, detail: await body() });
      } catch (error) {
        if (signal.aborted || !(error instanceof DeviceError) || error.kind === 'disconnected') throw error;
        checks.push({ name, passed: false, detail: `${error.code}: ${error.message}` });
      }
    },
    result: () => ({ passed: checks.every((c) => c.passed), checks }),
  };
}

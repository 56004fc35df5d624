// fast-check with a scaled `assert`: numRuns becomes max(FUZZ_RUNS, round(numRuns x FUZZ_FACTOR))
// and each run's real count (RunDetails.numRuns) is appended as a JSON line to FUZZ_COUNTS_FILE.
// Everything else is the real library.
import { appendFileSync } from 'node:fs';
import * as real from 'fast-check';

const factor = Number(process.env.FUZZ_FACTOR ?? '1');
const minimum = Number(process.env.FUZZ_RUNS ?? '0');
const countsFile = process.env.FUZZ_COUNTS_FILE;

function scaled(params = {}) {
  const base = params.numRuns ?? real.readConfigureGlobal().numRuns ?? 100;
  return { ...params, numRuns: Math.max(minimum, Math.round(base * factor)) };
}

function record(params, details) {
  if (!countsFile) return;
  const line = {
    requested: params.numRuns,
    runs: details.numRuns,
    skips: details.numSkips,
    failed: details.failed,
  };
  appendFileSync(countsFile, `${JSON.stringify(line)}\n`);
}

export function assert(property, params) {
  const effective = scaled(params);
  const details = real.check(property, effective);
  if (details instanceof Promise) {
    return details.then(async (done) => {
      record(effective, done);
      if (done.failed) throw new Error(await real.asyncDefaultReportMessage(done));
    });
  }
  record(effective, details);
  if (details.failed) throw new Error(real.defaultReportMessage(details));
}

export * from 'fast-check';
export default { ...real, assert };

/**
 * `npm run chaos`: the robustness soak (test/chaos/runner.ts) from the command line.
 *   node --import tsx scripts/chaos.ts [--applications 1000] [--seed 1] [--batch 25] [--size-mb 0.25]
 *     [--faults device=50,host=25,central=17,station=12] [--out bench/results/chaos.json] [--keep DIR]
 * Prints progress on stderr and the JSON report on stdout (and to --out); exits 1 when a dossier is
 * lost, duplicated or unexpected, or a host did not come back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { chaosDefaults, type FaultKind, faultKinds, runChaos } from '../test/chaos/runner';

const { values } = parseArgs({
  options: {
    applications: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    batch: { type: 'string' },
    'size-mb': { type: 'string' },
    faults: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'string' },
  },
});

function count(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got ${raw}`);
  return n;
}

const applications = count('applications', values.applications);
const options = chaosDefaults(applications, {
  seed: count('seed', values.seed),
  log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`),
  ...(values.batch ? { batchSize: count('batch', values.batch) } : {}),
  ...(values['size-mb'] ? { sizeMb: Number(values['size-mb']) } : {}),
  ...(values.keep ? { dir: values.keep, keep: true } : {}),
});
for (const pair of values.faults?.split(',') ?? []) {
  const [kind, n] = pair.split('=');
  if (!faultKinds.includes(kind as FaultKind)) throw new Error(`--faults: unknown kind ${kind}`);
  options.faults[kind as FaultKind] = count('faults', n ?? '');
}

const report = await runChaos(options);
const text = `${JSON.stringify(report, null, 2)}\n`;
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, text);
}
process.stdout.write(text);
process.stderr.write(
  `chaos: submitted ${report.submitted}, received ${report.received}, lost ${report.lost}, ` +
    `duplicates ${report.duplicates}, longest UI stall ${report.stall.longestMs} ms, ` +
    `faults ${JSON.stringify(report.events.injected)}, ${Math.round(report.wallMs / 1000)} s -> ${report.ok ? 'OK' : 'FAILED'}\n`,
);
for (const problem of report.problems) process.stderr.write(`  problem: ${problem}\n`);
process.exit(report.ok ? 0 : 1);

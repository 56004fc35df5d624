/**
 * The newcomer's first command: wall time of `node bin/recueil.mjs --help` (issue #24's target: under
 * 0.5 s, median of the runs) answered by the CLI bundle, beside the same help from the TypeScript
 * sources (RECUEIL_CLI_BUNDLE=0, what a stale or missing bundle costs) and `config check` (a command,
 * hence always from the sources). Each run is a new process with the shebang's V8 flags; the runs of
 * the three cases are interleaved so the machine's load weighs on each alike; one warm-up run each.
 *   node --import tsx bench/cli.bench.ts [--out bench/results/cli.json] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTestStationConfig } from '../test/e2e/station-process';
import { outPath, type Stats, stats, writeResult } from './harness';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
const TARGET_MS = 500;

const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`scripts/build-cli.mjs failed: ${built.stderr}`);

const dir = mkdtempSync(join(tmpdir(), 'recueil-cli-bench-'));
const config = join(dir, 'station.json');
writeTestStationConfig(config, 'DR-BNCH-0001');

const cases: Record<string, { args: string[]; env: Record<string, string> }> = {
  'help (bundle)': { args: ['--help'], env: {} },
  'help (sources)': { args: ['--help'], env: { RECUEIL_CLI_BUNDLE: '0' } },
  'config check (sources)': { args: ['config', 'check', '--config', config], env: {} },
};

function wallMs(args: string[], env: Record<string, string>): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--single-threaded-gc', 'bin/recueil.mjs', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`recueil ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return ms;
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (const { args, env } of Object.values(cases)) wallMs(args, env);
for (let run = 0; run < RUNS; run++)
  for (const [name, { args, env }] of Object.entries(cases)) samples[name]?.push(wallMs(args, env));
rmSync(dir, { recursive: true, force: true });

const ms: Record<string, Stats> = {};
for (const [name, values] of Object.entries(samples)) {
  ms[name] = stats(values);
  console.log(
    `${name}: p50 ${ms[name].p50.toFixed(0)} ms (min ${ms[name].min.toFixed(0)}, max ${ms[name].max.toFixed(0)})`,
  );
}
const helpP50 = ms['help (bundle)']?.p50 ?? Number.NaN;
console.log(
  `recueil --help p50 ${helpP50.toFixed(0)} ms, target < ${TARGET_MS} ms: ${helpP50 < TARGET_MS ? 'met' : 'MISSED'}`,
);
writeResult(outPath(join(root, 'bench', 'results', 'cli.json')), 'cli', {
  runs: RUNS,
  targetMs: TARGET_MS,
  helpMedianMs: helpP50,
  met: helpP50 < TARGET_MS,
  ms,
});

#!/usr/bin/env node
// Runs every benchmark (bench/*.bench.ts), each writing its JSON result into bench/results/,
// then prints a one-line summary per benchmark. `npm run bench -- fingerprint` runs one of them (a
// name that is a benchmark's whole name selects it alone, else every benchmark starting with it);
// flags after the names go to the benchmarks: `npm run bench -- sync-link --profile adsl`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const V8_FLAGS = ['--single-threaded-gc'];
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('--'));
const only = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
const all = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const selects = (name, f) =>
  all.includes(`${name}.bench.ts`) ? f === `${name}.bench.ts` : f.startsWith(name);
const benches = all.filter((f) => only.length === 0 || only.some((name) => selects(name, f)));
let failed = 0;
for (const file of benches) {
  const name = file.replace(/\.bench\.ts$/, '');
  const out = join(root, 'bench', 'results', `${name}.json`);
  console.log(`bench ${name} ...`);
  // Benchmarks run with the V8 flags of the station's processes (main/hosts/v8-flags.ts).
  const result = spawnSync(
    process.execPath,
    [...V8_FLAGS, '--import', 'tsx', join('bench', file), '--out', out, ...flags],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

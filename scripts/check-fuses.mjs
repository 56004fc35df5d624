#!/usr/bin/env node
// Reads the Electron fuses back from a built binary and compares them with installer/fuses.ts.
//   node scripts/check-fuses.mjs [BINARY...]
// Without arguments it checks the packaged executables found under dist/installers (linux-unpacked,
// win-unpacked). Exit 0: every binary found is as configured; 1: a mismatch; 2: bad usage.
// When no binary exists (CI machines cannot download Electron), it says so and exits 0: the hook's
// configuration and the wire reader are covered by the unit tests instead.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const fuses = await tsImport(pathToFileURL(join(root, 'installer', 'fuses.ts')).href, import.meta.url);

const defaults = [
  join(root, 'dist', 'installers', 'linux-unpacked', 'recueil'),
  join(root, 'dist', 'installers', 'win-unpacked', 'Recueil.exe'),
];
const args = process.argv.slice(2);
if (args.some((a) => a.startsWith('-'))) {
  console.error('usage: node scripts/check-fuses.mjs [BINARY...]');
  process.exit(2);
}
const binaries = args.length > 0 ? args : defaults.filter((path) => existsSync(path));
if (binaries.length === 0) {
  console.warn(
    'check-fuses: no packaged Electron binary found (dist/installers/*-unpacked); nothing to read back. ' +
      'Build with electron-builder on a machine that can download Electron, then rerun.',
  );
  process.exit(0);
}

let failed = false;
for (const binary of binaries) {
  const { wires, problems } = fuses.checkBinaryFuses(await readFile(binary));
  if (problems.length === 0) {
    console.log(`ok   ${binary} (${wires} fuse wire${wires > 1 ? 's' : ''})`);
  } else {
    failed = true;
    console.error(`FAIL ${binary}`);
    for (const problem of problems) console.error(`     ${problem}`);
  }
}
process.exit(failed ? 1 : 0);

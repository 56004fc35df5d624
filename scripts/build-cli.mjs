#!/usr/bin/env node
// Builds the CLI bundle, dist/cli/usage.mjs: the `recueil` command tree (main/cli/usage.ts) in one file,
// so that bin/recueil.mjs answers help, version and usage errors without tsx. npm packages stay
// external. The bundle never runs a command, so every dynamic import (a command's implementation) is
// replaced by a stub that throws. Its first line records the sources it was built from
// (bin/cli-bundle.mjs); the file is replaced atomically, so a running `recueil` never reads half of it.
import { renameSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE, sourcesLine } from '../bin/cli-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const STUB = 'command-implementation';

const stubImplementations = {
  name: STUB,
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: STUB } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: STUB }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`the CLI bundle runs no command (import of ${args.path}): bin/recueil.mjs runs them from the sources`)});`,
      loader: 'js',
    }));
  },
};

// Files that would take the place of a folder's index.ts if someone added them.
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
function shadowsOf(metafile) {
  const absent = new Set();
  for (const input of Object.values(metafile.inputs))
    for (const imported of input.imports) {
      if (imported.external || !imported.original?.startsWith('.')) continue;
      if (!/\/index\.[cm]?[jt]sx?$/.test(imported.path) || /\/index(\.\w+)?$/.test(imported.original))
        continue;
      for (const extension of EXTENSIONS) absent.add(`${posix.dirname(imported.path)}${extension}`);
    }
  return [...absent].sort();
}

const result = await build({
  absWorkingDir: root,
  entryPoints: ['main/cli/usage.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  plugins: [stubImplementations],
  metafile: true,
  write: false,
  outfile: CLI_BUNDLE,
  logLevel: 'warning',
  sourcemap: false,
});
const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith(`${STUB}:`));
const header = sourcesLine(
  root,
  [...sources, 'tsconfig.json', 'scripts/build-cli.mjs'].sort(),
  shadowsOf(result.metafile),
);
const out = join(root, CLI_BUNDLE);
await mkdir(dirname(out), { recursive: true });
const temporary = `${out}.${process.pid}.tmp`;
writeFileSync(temporary, `${header}\n${result.outputFiles[0].text}`);
renameSync(temporary, out);

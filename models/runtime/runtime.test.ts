import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ModelRuntimeError } from './errors';
import { createInThreadRunner } from './in-thread-runner';
import { readManifest, readVerifiedModel, sha256Hex } from './manifest';
import { createInferenceWorker } from './worker-runner';

const dir = mkdtempSync(join(tmpdir(), 'recueil-runtime-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('model manifest', () => {
  test('entries resolve beside the manifest and verify by SHA-256', async () => {
    writeFileSync(join(dir, 'm.bin'), 'model bytes');
    const good = sha256Hex(new TextEncoder().encode('model bytes'));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ models: [{ id: 'm', file: 'm.bin', sha256: good }] }),
    );
    const [m] = await readManifest(join(dir, 'manifest.json'));
    assert.equal(m!.path, join(dir, 'm.bin'));
    assert.equal(new TextDecoder().decode(await readVerifiedModel(m!)), 'model bytes');
  });
  test('a tampered file is refused, a missing one named with the fetch command', async () => {
    writeFileSync(join(dir, 't.bin'), 'tampered');
    const bad = { id: 't', file: 't.bin', sha256: '0'.repeat(64), path: join(dir, 't.bin') };
    await assert.rejects(readVerifiedModel(bad), (e: ModelRuntimeError) => e.code === 'model_integrity');
    await assert.rejects(
      readVerifiedModel({ ...bad, path: join(dir, 'absent.bin') }),
      (e: ModelRuntimeError) => e.code === 'model_missing' && /fetch-models/.test(e.message),
    );
  });
  test('a malformed manifest is rejected', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ models: [{ id: 'x', file: 'x' }] }));
    await assert.rejects(
      readManifest(join(dir, 'bad.json')),
      (e: ModelRuntimeError) => e.code === 'manifest_invalid',
    );
  });
});

const faceManifest = fileURLToPath(new URL('../face/assets/manifest.json', import.meta.url));
const frontModel = join(faceManifest, '..', 'face_detection_front_128x128.onnx');
const skip = existsSync(frontModel)
  ? false
  : `model absent (${frontModel}): run node scripts/fetch-models.mjs`;
const input = () => ({ 'input:0': { data: new Float32Array(128 * 128 * 3), dims: [1, 128, 128, 3] } });

describe('runners', { skip }, () => {
  test('in-thread: one session per model, loaded once; unknown ids and tampered models fail', async () => {
    const runner = createInThreadRunner({ manifests: [faceManifest] });
    try {
      const [a, b] = await Promise.all([
        runner.load('blazeface-front-128'),
        runner.load('blazeface-front-128'),
      ]);
      assert.equal(a, b);
      const out = await runner.run('blazeface-front-128', input());
      assert.deepEqual(out['Identity_2:0']!.dims, [1, 512, 16]);
      await assert.rejects(runner.load('nope'), (e: ModelRuntimeError) => e.code === 'model_unknown');
    } finally {
      await runner.close();
    }
    // a copy of the model with a wrong hash in its manifest never reaches ONNX Runtime
    copyFileSync(frontModel, join(dir, 'front.onnx'));
    writeFileSync(
      join(dir, 'face.json'),
      JSON.stringify({ models: [{ id: 'f', file: 'front.onnx', sha256: 'f'.repeat(64) }] }),
    );
    const tampered = createInThreadRunner({ manifests: [join(dir, 'face.json')] });
    await assert.rejects(tampered.load('f'), (e: ModelRuntimeError) => e.code === 'model_integrity');
    await tampered.close();
  });
  test('worker thread: same outputs as in-thread, errors cross the boundary typed', async () => {
    const worker = createInferenceWorker({ manifests: [faceManifest] });
    const local = createInThreadRunner({ manifests: [faceManifest] });
    try {
      const feeds = input();
      feeds['input:0'].data.fill(0.25);
      const expected = await local.run('blazeface-front-128', {
        'input:0': { ...feeds['input:0'], data: feeds['input:0'].data.slice() },
      });
      const got = await worker.run('blazeface-front-128', feeds);
      assert.deepEqual(Array.from(got['Identity:0']!.data), Array.from(expected['Identity:0']!.data));
      await assert.rejects(
        worker.run('nope', input()),
        (e: ModelRuntimeError) => e.name === 'ModelRuntimeError' && e.code === 'model_unknown',
      );
    } finally {
      await worker.close();
      await local.close();
    }
    await assert.rejects(
      worker.load('blazeface-front-128'),
      (e: ModelRuntimeError) => e.code === 'runner_closed',
    );
  });
});

/**
 * Portrait benchmark: BlazeFace detector ms per frame (640x480 preview and full-resolution frames,
 * in-thread and through the worker runner), live check ms at 640x480 (frames/s), final check ms on
 * a full-resolution frame, token portrait ms, and memory; then the same with the landmark model
 * (face mesh + iris + emotion): the provider alone, the final check and the live check with it.
 *   node --import tsx bench/portrait.bench.ts [--out bench/results/portrait.json] [--frames N]
 * Frames are a shared portrait (../shared/data/faces) fitted into each size, else a synthetic face.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import {
  BlazeFaceDetector,
  createRgbImage,
  FACE_MODEL_MANIFEST,
  MeshLandmarkProvider,
  makeTokenPortrait,
  PortraitChecker,
  type RgbImage,
} from '../models/face/index';
import { syntheticFace } from '../models/face/testing/synthetic';
import { createInferenceWorker, createInThreadRunner } from '../models/runtime/index';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(root, 'bench', 'results', 'portrait.json') },
    frames: { type: 'string', default: '40' },
  },
});
const N = Number(values.frames);
const source = resolve(root, '../shared/data/faces/meds_S024-01.jpg');

async function frame(width: number, height: number): Promise<RgbImage> {
  const input = existsSync(source)
    ? await sharp(source).resize(width, height, { fit: 'contain', background: '#c8ccd0' }).png().toBuffer()
    : await (async () => {
        const s = await syntheticFace({ width: 400, height: 514 });
        return sharp(s.image.data, { raw: { width: 400, height: 514, channels: 3 } })
          .resize(width, height, { fit: 'contain', background: '#c8ccd0' })
          .png()
          .toBuffer();
      })();
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return createRgbImage(info.width, info.height, new Uint8Array(data));
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, mean: r(mean), p50: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1]!) };
}

async function time(fn: () => Promise<unknown>, n: number, warm = 3) {
  for (let i = 0; i < warm; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return stats(out);
}

const runner = createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] });
const loadStart = performance.now();
const info = await runner.load('blazeface-front-128');
const coldLoadMs = performance.now() - loadStart;
const detector = new BlazeFaceDetector(runner);
const checker = new PortraitChecker({ runner });

const vga = await frame(640, 480);
const fullSizes = [
  { name: '1244x1600', image: await frame(1244, 1600) },
  { name: '2592x1944', image: await frame(2592, 1944) },
];
const results: Record<string, unknown> = {
  machine: {
    cpus: os.cpus().length,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 10) / 10),
  },
  source: existsSync(source) ? source : 'synthetic',
  model: { id: info.id, loadAndWarmUpMs: Math.round(coldLoadMs) },
};

results.detector640x480 = await time(() => detector.detect(vga), N);
for (const f of fullSizes)
  results[`detector${f.name}`] = await time(() => detector.detect(f.image), Math.ceil(N / 4));

const worker = createInferenceWorker({ manifests: [FACE_MODEL_MANIFEST] });
await worker.load('blazeface-front-128');
const workerDetector = new BlazeFaceDetector(worker);
results.detector640x480Worker = await time(() => workerDetector.detect(vga), N);
// the device host's set-up: checker and landmark provider on one inference worker
const workerMesh = new PortraitChecker({ runner: worker, landmarks: new MeshLandmarkProvider(worker) });
await workerMesh.check(vga, { mode: 'live' });
const workerLive = await time(() => workerMesh.check(vga, { mode: 'live' }), N);
results.liveCheckWithLandmarks640x480Worker = {
  ...workerLive,
  framesPerSecondMean: Math.round((1000 / workerLive.mean) * 10) / 10,
};
await worker.close();

const fps = (s: { mean: number; p50: number }) => ({
  framesPerSecondMean: Math.round((1000 / s.mean) * 10) / 10,
  framesPerSecondMedian: Math.round((1000 / s.p50) * 10) / 10,
});
const full = await time(() => checker.check(vga), N);
results.fullCheck640x480 = { ...full, ...fps(full) };
const live = await time(() => checker.check(vga, { mode: 'live' }), N);
results.liveCheck640x480 = { ...live, ...fps(live) };
const liveGeometry = await time(() => checker.check(vga, { mode: 'geometry' }), N);
results.geometryCheck640x480 = { ...liveGeometry, ...fps(liveGeometry) };
for (const f of fullSizes)
  results[`finalCheck${f.name}`] = await time(() => checker.check(f.image), Math.ceil(N / 4));
const jpeg = await sharp(fullSizes[1]!.image.data, { raw: { width: 2592, height: 1944, channels: 3 } })
  .jpeg({ quality: 92 })
  .toBuffer();
results.finalCheckJpeg2592x1944IncludingDecode = await time(() => checker.check(jpeg), Math.ceil(N / 4));
const face = (await checker.check(fullSizes[1]!.image)).face;
if (face)
  results.tokenPortraitFrom2592x1944 = await time(
    () => makeTokenPortrait(fullSizes[1]!.image, face),
    Math.ceil(N / 8),
    1,
  );
// the landmark model (face mesh + iris + emotion) on the same frames
const landmarks = new MeshLandmarkProvider(runner);
const meshChecker = new PortraitChecker({ runner, landmarks });
for (const id of ['facemesh-468', 'iris-landmark', 'emotion-7']) await runner.load(id);
const vgaFace = (await detector.detect(vga))[0];
const bigFace = (await detector.detect(fullSizes[1]!.image))[0];
if (vgaFace) results.landmarks640x480 = await time(() => landmarks.assess(vga, vgaFace), N);
if (bigFace)
  results.landmarks2592x1944 = await time(
    () => landmarks.assess(fullSizes[1]!.image, bigFace),
    Math.ceil(N / 2),
  );
const liveMesh = await time(() => meshChecker.check(vga, { mode: 'live' }), N);
results.liveCheckWithLandmarks640x480 = { ...liveMesh, ...fps(liveMesh) };
for (const f of fullSizes)
  results[`finalCheckWithLandmarks${f.name}`] = await time(
    () => meshChecker.check(f.image),
    Math.ceil(N / 2),
  );
results.finalCheckWithLandmarksJpeg2592x1944IncludingDecode = await time(
  () => meshChecker.check(jpeg),
  Math.ceil(N / 2),
);
const mem = process.memoryUsage();
results.memoryMB = {
  rss: Math.round(mem.rss / 2 ** 20),
  heapUsed: Math.round(mem.heapUsed / 2 ** 20),
  external: Math.round(mem.external / 2 ** 20),
};
results.targets = {
  liveAtLeast10fps: (results.liveCheck640x480 as { framesPerSecondMean: number }).framesPerSecondMean >= 10,
  finalCheckAtMost500ms: (results.finalCheck2592x1944 as { mean: number }).mean <= 500,
  liveWithLandmarksAtLeast10fps:
    (results.liveCheckWithLandmarks640x480 as { framesPerSecondMean: number }).framesPerSecondMean >= 10,
  finalCheckWithLandmarksP95AtMost500ms:
    (results.finalCheckWithLandmarksJpeg2592x1944IncludingDecode as { p95: number }).p95 <= 500,
};
await runner.close();

mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(
  values.out!,
  `${JSON.stringify({ generatedAt: new Date().toISOString(), ...results }, null, 2)}\n`,
);
console.log(JSON.stringify(results, null, 2));
console.log(`wrote ${values.out}`);

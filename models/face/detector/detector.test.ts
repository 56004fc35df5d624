import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createInThreadRunner } from '../../runtime/index';
import { createRgbImage } from '../image/rgb-image';
import { BACK_ANCHORS, FRONT_ANCHORS, generateAnchors } from './anchors';
import { BlazeFaceDetector, decodeModelOutputs } from './blazeface';
import { decodeDetections, NUM_COORDS, sigmoid } from './decode';
import { letterboxTransform, toImageCoordinates } from './letterbox';
import { BLAZEFACE_MODELS, FACE_MODEL_MANIFEST } from './models';
import { iou, weightedNms } from './nms';
import type { Detection } from './types';

const logit = (p: number) => Math.log(p / (1 - p));

describe('SSD anchors', () => {
  test('front model: 896 anchors, 16x16x2 then 8x8x6, centred cells', () => {
    const a = generateAnchors(FRONT_ANCHORS);
    assert.equal(a.length, 896);
    assert.deepEqual(a[0], { x: 0.5 / 16, y: 0.5 / 16, w: 1, h: 1 });
    assert.deepEqual(a[1], a[0]);
    assert.deepEqual(a[2], { x: 1.5 / 16, y: 0.5 / 16, w: 1, h: 1 });
    assert.deepEqual(a[511], { x: 15.5 / 16, y: 15.5 / 16, w: 1, h: 1 });
    assert.deepEqual(a[512], { x: 0.5 / 8, y: 0.5 / 8, w: 1, h: 1 });
    assert.deepEqual(a[517], a[512]);
    assert.deepEqual(a[518], { x: 1.5 / 8, y: 0.5 / 8, w: 1, h: 1 });
    assert.deepEqual(a[895], { x: 7.5 / 8, y: 7.5 / 8, w: 1, h: 1 });
  });
  test('back model: same layout from 256 px input with strides 16/32', () => {
    const a = generateAnchors(BACK_ANCHORS);
    assert.equal(a.length, 896);
    assert.deepEqual(a, generateAnchors(FRONT_ANCHORS));
  });
});

/** Raw outputs with one face at anchor `k`: logit, box offset and keypoints in model pixels. */
function rawWithFace(k: number, p: number, cx: number, cy: number, size: number, inputSize = 128) {
  const anchors = generateAnchors(FRONT_ANCHORS);
  const logits = new Float32Array(anchors.length).fill(-10);
  const reg = new Float32Array(anchors.length * NUM_COORDS);
  const a = anchors[k]!;
  logits[k] = logit(p);
  const o = k * NUM_COORDS;
  reg[o] = (cx - a.x) * inputSize;
  reg[o + 1] = (cy - a.y) * inputSize;
  reg[o + 2] = size * inputSize;
  reg[o + 3] = size * inputSize;
  for (let j = 0; j < 6; j++) {
    reg[o + 4 + 2 * j] = (cx - a.x + (j - 2.5) * 0.01) * inputSize;
    reg[o + 5 + 2 * j] = (cy - a.y + j * 0.005) * inputSize;
  }
  return { anchors, logits, reg };
}

describe('decoding', () => {
  test('sigmoid clips extreme logits', () => {
    assert.equal(sigmoid(1e6), sigmoid(100));
    assert.ok(Math.abs(sigmoid(0) - 0.5) < 1e-12);
  });
  test('a synthetic raw output decodes to the box and keypoints it encodes', () => {
    const { anchors, logits, reg } = rawWithFace(300, 0.9, 0.4, 0.55, 0.3);
    const dets = decodeDetections(logits, reg, anchors, { inputSize: 128, minScore: 0.5 });
    assert.equal(dets.length, 1);
    const d = dets[0]!;
    assert.ok(Math.abs(d.score - 0.9) < 1e-6);
    assert.ok(Math.abs(d.box.x - 0.25) < 1e-6 && Math.abs(d.box.y - 0.4) < 1e-6);
    assert.ok(Math.abs(d.box.width - 0.3) < 1e-6);
    assert.ok(Math.abs(d.keypoints.rightEye.x - (0.4 - 0.025)) < 1e-6);
    assert.ok(Math.abs(d.keypoints.leftEar.y - (0.55 + 0.025)) < 1e-6);
  });
  test('scores under the threshold are dropped; mismatched lengths throw', () => {
    const { anchors, logits, reg } = rawWithFace(10, 0.4, 0.5, 0.5, 0.2);
    assert.equal(decodeDetections(logits, reg, anchors, { inputSize: 128, minScore: 0.5 }).length, 0);
    assert.throws(
      () => decodeDetections(logits.subarray(1), reg, anchors, { inputSize: 128, minScore: 0.5 }),
      RangeError,
    );
  });
  test('decodeModelOutputs splits the two grids like the ONNX outputs', () => {
    const { anchors, logits, reg } = rawWithFace(700, 0.95, 0.6, 0.5, 0.25);
    const m = BLAZEFACE_MODELS.front;
    const outputs = {
      [m.scoreOutputs[0]]: { data: logits.slice(0, 512), dims: [1, 512, 1] },
      [m.scoreOutputs[1]]: { data: logits.slice(512), dims: [1, 384, 1] },
      [m.regressorOutputs[0]]: { data: reg.slice(0, 512 * 16), dims: [1, 512, 16] },
      [m.regressorOutputs[1]]: { data: reg.slice(512 * 16), dims: [1, 384, 16] },
    };
    const dets = decodeModelOutputs(m, outputs, anchors);
    assert.equal(dets.length, 1);
    assert.ok(Math.abs(dets[0]!.box.x + dets[0]!.box.width / 2 - 0.6) < 1e-6);
  });
});

const det = (score: number, x: number, y: number, s: number): Detection => {
  const p = { x: x + s / 2, y: y + s / 2 };
  return {
    score,
    box: { x, y, width: s, height: s },
    keypoints: { rightEye: p, leftEye: p, noseTip: p, mouth: p, rightEar: p, leftEar: p },
  };
};

describe('weighted NMS', () => {
  test('iou', () => {
    assert.equal(iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 }), 2 / 6);
    assert.equal(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 5, y: 5, width: 1, height: 1 }), 0);
  });
  test('overlapping detections merge into a score-weighted average; separate faces stay', () => {
    const out = weightedNms([det(0.6, 0.12, 0.1, 0.2), det(0.9, 0.1, 0.1, 0.2), det(0.8, 0.6, 0.6, 0.2)]);
    assert.equal(out.length, 2);
    const [a, b] = out;
    assert.equal(a!.score, 0.9);
    assert.ok(Math.abs(a!.box.x - (0.9 * 0.1 + 0.6 * 0.12) / 1.5) < 1e-9);
    assert.equal(b!.score, 0.8);
    assert.equal(b!.box.x, 0.6);
  });
});

describe('letterbox', () => {
  test('a model point maps back to the source pixel it came from', () => {
    const t = letterboxTransform(640, 480, 128);
    assert.equal(t.padX, 0);
    assert.equal(t.padY, 16);
    const d = toImageCoordinates(det(1, (16 + 48) / 128 - 0.1, (16 + 48) / 128 - 0.1, 0.2), t);
    // centre at model pixel (64, 64) -> source (320, 240)
    assert.ok(Math.abs(d.keypoints.noseTip.x - 320) < 1e-6);
    assert.ok(Math.abs(d.keypoints.noseTip.y - 240) < 1e-6);
    assert.ok(Math.abs(d.box.width - 0.2 * 128 * 5) < 1e-6);
  });
});

const frontModel = join(FACE_MODEL_MANIFEST, '..', 'face_detection_front_128x128.onnx');
describe('BlazeFace ONNX smoke test', {
  skip: existsSync(frontModel) ? false : `model absent (${frontModel}): run node scripts/fetch-models.mjs`,
}, () => {
  test('the real model runs and returns 896 anchors of scores and 16 regressors', async () => {
    const runner = createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] });
    try {
      const info = await runner.load('blazeface-front-128');
      assert.deepEqual(info.inputs[0]!.dims, [1, 128, 128, 3]);
      const out = await runner.run('blazeface-front-128', {
        'input:0': { data: new Float32Array(128 * 128 * 3), dims: [1, 128, 128, 3] },
      });
      assert.deepEqual(out['Identity:0']!.dims, [1, 512, 1]);
      assert.deepEqual(out['Identity_1:0']!.dims, [1, 384, 1]);
      assert.deepEqual(out['Identity_2:0']!.dims, [1, 512, 16]);
      assert.deepEqual(out['Identity_3:0']!.dims, [1, 384, 16]);
      // a flat grey picture holds no face
      const grey = createRgbImage(320, 240, new Uint8Array(320 * 240 * 3).fill(128));
      assert.deepEqual(await new BlazeFaceDetector(runner).detect(grey), []);
    } finally {
      await runner.close();
    }
  });
});

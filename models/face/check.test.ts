import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { checkPortrait, disposeSharedChecker } from './check';
import { CRITERION_IDS, LANDMARK_CRITERIA } from './criteria/ids';
import { FACE_MODEL_MANIFEST } from './detector/models';
import { PortraitInputError } from './errors';
import { createRgbImage } from './image/rgb-image';
import { syntheticFace } from './testing/synthetic';

after(() => disposeSharedChecker());

describe('checkPortrait input', () => {
  test('unreadable input throws PortraitInputError with a clear message', async () => {
    await assert.rejects(
      checkPortrait('/nonexistent/portrait.jpg'),
      (e: Error) => e instanceof PortraitInputError && /cannot read/.test(e.message),
    );
    await assert.rejects(checkPortrait(new Uint8Array([1, 2, 3, 4])), PortraitInputError);
    await assert.rejects(checkPortrait(new Uint8Array(0)), PortraitInputError);
  });
});

const model = join(FACE_MODEL_MANIFEST, '..', 'face_detection_front_128x128.onnx');
describe('checkPortrait verdict', {
  skip: existsSync(model) ? false : `model absent (${model}): run node scripts/fetch-models.mjs`,
}, () => {
  test('the JSON shape of the CLI contract, every id once, in order', async () => {
    const s = await syntheticFace({ rollDeg: 3 });
    const png = await sharp(s.image.data, {
      raw: { width: s.image.width, height: s.image.height, channels: 3 },
    })
      .png()
      .toBuffer();
    const r = await checkPortrait(png);
    assert.deepEqual(Object.keys(r).sort(), ['compliant', 'criteria', 'face', 'ms']);
    assert.deepEqual(
      r.criteria.map((c) => c.id),
      [...CRITERION_IDS],
    );
    for (const c of r.criteria) {
      assert.deepEqual(Object.keys(c).sort(), ['id', 'status', 'threshold', 'value']);
      assert.ok(['ok', 'nok', 'not_assessed'].includes(c.status));
    }
    for (const id of LANDMARK_CRITERIA)
      assert.equal(r.criteria.find((c) => c.id === id)!.status, 'not_assessed');
    // the drawn face is found, and measured where it was drawn
    assert.ok(r.face);
    assert.ok(Math.abs(r.face.rollDeg - 3) < 1, `roll ${r.face.rollDeg}`);
    assert.ok(Math.abs(r.face.ied - 100) < 3, `ied ${r.face.ied}`);
    // a 400 px synthetic picture is too small for a 1244 x 1600 portrait
    assert.equal(r.criteria.find((c) => c.id === 'image_size')!.status, 'nok');
    assert.equal(r.compliant, false);
    assert.ok(JSON.parse(JSON.stringify(r)).criteria.length === CRITERION_IDS.length);
  });
  test('no face: face_count nok, face measures not assessed, not compliant', async () => {
    const img = createRgbImage(320, 400, new Uint8Array(320 * 400 * 3).fill(200));
    const r = await checkPortrait(img);
    assert.equal(r.face, null);
    assert.equal(r.criteria.find((c) => c.id === 'face_count')!.status, 'nok');
    for (const id of ['roll', 'inter_eye_distance', 'sharpness', 'exposure'] as const) {
      assert.equal(r.criteria.find((c) => c.id === id)!.status, 'not_assessed');
    }
    assert.equal(r.compliant, false);
  });
  test('a compliant configuration passes the synthetic portrait at its own scale', async () => {
    const s = await syntheticFace({ ied: 100 });
    const r = await checkPortrait(s.image, {
      token: { width: 400, height: 514 },
      thresholds: { inter_eye_distance: { min: 90 } },
    });
    const failing = r.criteria.filter((c) => c.status === 'nok').map((c) => `${c.id}=${c.value}`);
    assert.equal(r.compliant, true, failing.join(', '));
  });
});

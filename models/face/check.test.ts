import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { createInThreadRunner } from '../runtime/index';
import { checkPortrait, disposeSharedChecker, PortraitChecker } from './check';
import { CRITERION_IDS, LANDMARK_CRITERIA } from './criteria/ids';
import { FACE_MODEL_MANIFEST } from './detector/models';
import { PortraitInputError } from './errors';
import { createRgbImage } from './image/rgb-image';
import type { LandmarkProvider } from './landmarks/provider';
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
    // the contract: with a face found, every criterion has a status (the landmark model measures
    // eyes, mouth, expression, glare, covering and gaze; pitch comes from the mesh)
    for (const c of r.criteria) assert.notEqual(c.status, 'not_assessed', c.id);
    assert.equal(r.face?.poseSource, 'landmarks');
    for (const id of LANDMARK_CRITERIA)
      assert.equal(typeof r.criteria.find((c) => c.id === id)!.value, 'number');
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
    // the drawn face's white eye patches are larger than its lids as the mesh sees them: the white
    // around its eyes reads as glare
    const r = await checkPortrait(s.image, {
      token: { width: 400, height: 514 },
      thresholds: { inter_eye_distance: { min: 90 }, glasses_glare: { max: 0.05 } },
    });
    const failing = r.criteria.filter((c) => c.status === 'nok').map((c) => `${c.id}=${c.value}`);
    assert.equal(r.compliant, true, failing.join(', '));
  });

  test('a landmark provider gives the pose (pitch assessed) and puts mouth closed in compliant', async () => {
    const s = await syntheticFace({ ied: 100 });
    let mouth = 0.12;
    let pitch = 14;
    const fake: LandmarkProvider = {
      id: 'fake',
      assess: async (_image, _detection, g) => ({
        values: {
          eyes_open: 0.06,
          mouth_closed: mouth,
          expression: 0.9,
          glasses_glare: 0,
          head_covering: 0,
          gaze: 3,
        },
        pose: { yawDeg: 1, pitchDeg: pitch, rollDeg: g.rollDeg },
        contour: { chin: g.chin, crown: g.crown, headWidth: g.headWidth },
      }),
    };
    const runner = createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] });
    const config = { token: { width: 400, height: 514 }, thresholds: { inter_eye_distance: { min: 90 } } };
    try {
      const checker = new PortraitChecker({ runner, landmarks: fake, config });
      assert.ok(checker.config.mandatory.includes('mouth_closed'));
      let r = await checker.check(s.image);
      const status = (id: string) => r.criteria.find((c) => c.id === id)!.status;
      assert.equal(r.face!.poseSource, 'landmarks');
      assert.equal(status('pitch'), 'nok');
      assert.equal(status('mouth_closed'), 'nok');
      assert.equal(r.compliant, false);
      mouth = 0.01;
      pitch = 1;
      r = await checker.check(s.image);
      assert.equal(status('pitch'), 'ok');
      assert.equal(
        r.compliant,
        true,
        r.criteria
          .filter((c) => c.status === 'nok')
          .map((c) => c.id)
          .join(', '),
      );
      // without a landmark model mouth closed cannot be ok: it leaves compliant
      const plain = new PortraitChecker({ runner, config });
      assert.ok(!plain.config.mandatory.includes('mouth_closed'));
      const p = await plain.check(s.image);
      assert.equal(p.face!.poseSource, 'keypoints');
      assert.equal(p.criteria.find((c) => c.id === 'mouth_closed')!.status, 'not_assessed');
      assert.equal(p.compliant, true);
    } finally {
      await runner.close();
    }
  });
});

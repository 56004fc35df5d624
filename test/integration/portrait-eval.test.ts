/**
 * The portrait evaluation harness on two shared portraits (../shared/data/faces): defects are
 * caught by their criterion and harmless changes keep the verdicts. Skipped when the shared data
 * or the BlazeFace model is absent.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EVAL_CONFIG, evaluatePortraits } from '../../models/face/evaluation/harness';
import { FACE_MODEL_MANIFEST, PortraitChecker } from '../../models/face/index';
import { createInThreadRunner } from '../../models/runtime/index';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const faces = join(resolve(repoRoot, '../shared/data'), 'faces');
const files = ['meds_S004-01.jpg', 'meds_S024-01.jpg'].map((f) => join(faces, f));
const model = join(FACE_MODEL_MANIFEST, '..', 'face_detection_front_128x128.onnx');
const skip = !files.every(existsSync)
  ? `shared portraits absent (${faces}): integration test skipped`
  : !existsSync(model)
    ? `model absent (${model}): run node scripts/fetch-models.mjs`
    : false;

describe('portrait evaluation harness on shared portraits', { skip }, () => {
  const runner = createInThreadRunner({ manifests: [FACE_MODEL_MANIFEST] });
  after(() => runner.close());

  test('defects are caught by the right criterion, harmless changes keep the statuses', async () => {
    const checker = new PortraitChecker({ runner });
    const evalChecker = new PortraitChecker({ runner, config: EVAL_CONFIG });
    const { outcomes, summary } = await evaluatePortraits(files, { checker, evalChecker });
    assert.equal(outcomes.length, 2);
    for (const o of outcomes) {
      assert.ok(o.original, `${o.file}: a face is found`);
      const d = (id: string) => o.defects.find((x) => x.defect === id)!;
      assert.equal(d('no_face').statuses.face_count, 'nok');
      assert.equal(d('two_faces').values.face_count, 2);
      assert.equal(d('blur').statuses.sharpness, 'nok');
      assert.equal(d('rotation').statuses.roll, 'nok');
      assert.equal(d('under_exposure').statuses.exposure, 'nok');
      assert.equal(d('heavy_jpeg').statuses.compression, 'nok');
      assert.equal(d('low_resolution').statuses.image_size, 'nok');
      // the original itself passes the criteria its defects are judged by
      for (const id of [
        'face_count',
        'sharpness',
        'roll',
        'exposure',
        'compression',
        'image_size',
      ] as const) {
        assert.equal(o.original!.statuses[id], 'ok', `${o.file}: ${id} on the original`);
      }
    }
    assert.ok(summary.defectsCaught.rate! >= 0.9, `caught ${summary.defectsCaught.rate}`);
    assert.ok(summary.stability.overall.rate! >= 0.95, `stability ${summary.stability.overall.rate}`);
  });
});

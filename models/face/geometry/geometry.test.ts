import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lumaPlane } from '../image/rgb-image';
import { syntheticFace } from '../testing/synthetic';
import { refineEyes } from './eye-refine';
import { faceGeometry, headCorners } from './face-geometry';

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} not within ${tol} of ${b}`);

describe('face geometry', () => {
  test('IED, roll and a frontal pose from keypoints', async () => {
    const s = await syntheticFace({ rollDeg: 6, ied: 120 });
    const g = faceGeometry(s.keypoints);
    near(g.ied, 120, 1e-6, 'ied');
    near(g.rollDeg, 6, 1e-6, 'roll');
    near(g.yawDeg, 0, 1e-6, 'yaw');
    near(g.pitchDeg, 0, 1e-6, 'pitch');
    // chin below the eyes along the tilted face axis, crown above
    assert.ok(g.chin.y > g.eyeMidpoint.y && g.crown.y < g.eyeMidpoint.y);
    assert.ok(
      g.chin.x < g.eyeMidpoint.x,
      'a head leaning to its left shoulder puts the chin to the image left',
    );
    near(g.headHeight, 2 * 1.7 * 120, 1e-6, 'head height');
    assert.equal(headCorners(g).length, 4);
  });
  test('yaw and pitch signs follow the nose', async () => {
    const s = await syntheticFace();
    const k = s.keypoints;
    const turned = faceGeometry({ ...k, noseTip: { x: k.noseTip.x + 15, y: k.noseTip.y } });
    assert.ok(turned.yawDeg > 5, `nose to the image right -> yaw > 0 (${turned.yawDeg})`);
    const down = faceGeometry({ ...k, noseTip: { x: k.noseTip.x, y: k.noseTip.y + 15 } });
    assert.ok(down.pitchDeg > 5, `nose lower towards the mouth -> pitch > 0 (${down.pitchDeg})`);
  });
});

describe('eye refinement', () => {
  test('recovers the drawn eye centres and roll from offset keypoints', async () => {
    const s = await syntheticFace({ rollDeg: 5, ied: 110 });
    const luma = { width: s.image.width, height: s.image.height, data: lumaPlane(s.image) };
    // keypoints as BlazeFace gives them: a few pixels off, and the eye line tilted wrongly
    const right = { x: s.rightEye.x + 4, y: s.rightEye.y + 6 };
    const left = { x: s.leftEye.x - 3, y: s.leftEye.y - 2 };
    const before = faceGeometry(s.keypoints, { rightEye: right, leftEye: left });
    const r = refineEyes(luma, right, left);
    assert.ok(r.refined);
    const after = faceGeometry(s.keypoints, r);
    near(after.rollDeg, 5, 0.5, 'refined roll');
    assert.ok(Math.abs(before.rollDeg - 5) > 3, 'the unrefined roll was wrong by several degrees');
    near(after.ied, 110, 2, 'refined IED');
    near(r.rightEye.x, s.rightEye.x, 1.5, 'right eye x');
    near(r.leftEye.y, s.leftEye.y, 1.5, 'left eye y');
  });
  test('keeps the keypoints when there is nothing to refine on', () => {
    const flat = { width: 200, height: 200, data: new Float32Array(200 * 200).fill(120) };
    const r = refineEyes(flat, { x: 70, y: 100 }, { x: 130, y: 100 });
    assert.equal(r.refined, false);
    assert.deepEqual(r.rightEye, { x: 70, y: 100 });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRgbImage } from '../image/rgb-image';
import type { FaceMeshResult, Point3 } from './face-mesh';
import { INNER_LIPS, LEFT_EYELIDS, MESH, RIGHT_EYELIDS } from './mesh-indices';
import { eyesOpen, gazeDeviation, glare, meshFrame, meshPose, mouthOpening, smile } from './mesh-measures';
import { neutrality } from './mesh-provider';

/**
 * A schematic face in head coordinates (x to the subject's left, y down, z away from the camera,
 * eye midpoint at the origin, eye-to-chin 100): eye corners, lids, lips, forehead and chin.
 */
function headPoints(o: { eyeGap?: number; lipGap?: number; cornerLift?: number } = {}): Point3[] {
  const pts: Point3[] = Array.from({ length: 468 }, () => ({ x: 0, y: 0, z: 0 }));
  const set = (i: number, x: number, y: number, z = 0) => {
    pts[i] = { x, y, z };
  };
  set(MESH.rightEyeOuter, -45, 0);
  set(MESH.rightEyeInner, -15, 0);
  set(MESH.leftEyeInner, 15, 0);
  set(MESH.leftEyeOuter, 45, 0);
  set(MESH.forehead, 0, -60, 0);
  set(MESH.chin, 0, 100, 0);
  const eye = (o.eyeGap ?? 6) / 2;
  RIGHT_EYELIDS.forEach(([t, b], k) => {
    set(t, -35 + 10 * k, -eye);
    set(b, -35 + 10 * k, eye);
  });
  LEFT_EYELIDS.forEach(([t, b], k) => {
    set(t, 25 + 10 * k, -eye);
    set(b, 25 + 10 * k, eye);
  });
  const lip = (o.lipGap ?? 0) / 2;
  INNER_LIPS.forEach(([t, b], k) => {
    set(t, -15 + 5 * k, 65 - lip);
    set(b, -15 + 5 * k, 65 + lip);
  });
  set(MESH.mouthRight, -25, 65 - (o.cornerLift ?? 0));
  set(MESH.mouthLeft, 25, 65 - (o.cornerLift ?? 0));
  return pts;
}

/** Rotates the head (yaw about y, then pitch about x, then roll about z) and places it in a picture. */
function pose(points: Point3[], yawDeg: number, pitchDeg: number, rollDeg: number): Point3[] {
  const [a, b, c] = [yawDeg, pitchDeg, rollDeg].map((d) => (d * Math.PI) / 180) as [number, number, number];
  return points.map((p) => {
    // yaw > 0: the face turns to the subject's left (nose to image right, the face's near side)
    let x = p.x * Math.cos(a) - p.z * Math.sin(a);
    let z = p.x * Math.sin(a) + p.z * Math.cos(a);
    let y = p.y;
    // pitch > 0: chin down (the chin moves away from the camera... down and back)
    const y2 = y * Math.cos(b) - z * Math.sin(b);
    z = y * Math.sin(b) + z * Math.cos(b);
    y = y2;
    const x2 = x * Math.cos(c) - y * Math.sin(c);
    y = x * Math.sin(c) + y * Math.cos(c);
    x = x2;
    return { x: 500 + x, y: 400 + y, z };
  });
}

describe('mesh pose', () => {
  test('a frontal head reads 0; yaw, pitch and roll are recovered with their signs', () => {
    const frontal = meshPose(pose(headPoints(), 0, 0, 0));
    for (const v of [frontal.yawDeg, frontal.pitchDeg, frontal.rollDeg]) assert.ok(Math.abs(v) < 1e-6);
    for (const [yaw, pitch, roll] of [
      [12, 0, 0],
      [-20, 0, 0],
      [0, 10, 0],
      [0, -15, 0],
      [0, 0, 7],
    ] as const) {
      const p = meshPose(pose(headPoints(), yaw, pitch, roll));
      assert.ok(Math.abs(p.yawDeg - yaw) < 0.5, `yaw ${p.yawDeg} for ${yaw}`);
      assert.ok(Math.abs(p.pitchDeg - pitch) < 0.5, `pitch ${p.pitchDeg} for ${pitch}`);
      assert.ok(Math.abs(p.rollDeg - roll) < 0.5, `roll ${p.rollDeg} for ${roll}`);
    }
  });
});

describe('eyelids, lips and smile', () => {
  test('openings in eye-to-chin lengths, whatever the roll', () => {
    const open = pose(headPoints({ eyeGap: 7, lipGap: 0 }), 0, 0, 12);
    const f = meshFrame(open);
    assert.ok(Math.abs(f.eyeToChin - 100) < 1e-6);
    assert.ok(Math.abs(eyesOpen(open, f) - 0.07) < 1e-6);
    assert.ok(Math.abs(mouthOpening(open, f)) < 1e-6);
    const closed = pose(headPoints({ eyeGap: 1, lipGap: 12 }), 0, 0, -5);
    const g = meshFrame(closed);
    assert.ok(Math.abs(eyesOpen(closed, g) - 0.01) < 1e-6);
    assert.ok(Math.abs(mouthOpening(closed, g) - 0.12) < 1e-6);
  });
  test('raised mouth corners read as a smile; neutrality falls with a smile, teeth or a happy face', () => {
    const neutral = pose(headPoints(), 0, 0, 0);
    const smiling = pose(headPoints({ cornerLift: 6 }), 0, 0, 0);
    assert.ok(Math.abs(smile(neutral, meshFrame(neutral))) < 1e-6);
    assert.ok(Math.abs(smile(smiling, meshFrame(smiling)) - 0.06) < 1e-6);
    const calm = { angry: 0, disgust: 0, fear: 0, happy: 0.02, sad: 0.1, surprise: 0, neutral: 0.88 };
    assert.ok(neutrality(calm, 0, 0) > 0.9);
    assert.ok(neutrality(calm, 0.4, 0) < 0.5);
    assert.ok(neutrality(calm, 0, 0.08) < 0.5);
    assert.ok(neutrality({ ...calm, happy: 0.9, neutral: 0 }, 0, 0) < 0.5);
  });
});

describe('gaze and glare', () => {
  const points = pose(headPoints(), 0, 0, 0);
  const f = meshFrame(points);
  const eye = (dx: number) => [-30, 30].map((x) => ({ contour: [], iris: [{ x: 500 + x + dx, y: 400 }] }));
  const mesh = (dx: number): FaceMeshResult => {
    const [r, l] = eye(dx);
    return {
      points,
      faceScore: 1,
      rightEye: r!,
      leftEye: l!,
      crop: { centre: { x: 500, y: 400 }, side: 300, angle: 0 },
    };
  };
  test('irises centred read 0 degrees; irises towards a corner read the eyes turned', () => {
    const p = meshPose(points);
    assert.ok(gazeDeviation(points, f, mesh(0), p)! < 1e-6);
    // 0.4 x 30 px eye width = 12 px per radian of eye turn: 6 px is 30 degrees
    assert.ok(Math.abs(gazeDeviation(points, f, mesh(6), p)! - 30) < 1e-6);
    // head turned one way, eyes the other: looking at the camera again
    assert.ok(Math.abs(gazeDeviation(points, f, mesh(6), { ...p, yawDeg: -30 })!) < 1e-6);
  });
  test('white around the eyes counts as glare, white inside the eye opening does not', () => {
    const img = createRgbImage(1000, 800, new Uint8Array(1000 * 800 * 3).fill(120));
    const [r, l] = eye(0);
    assert.equal(glare(img, points, f, [r!, l!]), 0);
    for (let y = 385; y < 395; y++)
      for (let x = 440; x < 470; x++) img.data.fill(250, (y * 1000 + x) * 3, (y * 1000 + x) * 3 + 3);
    assert.ok(glare(img, points, f, [r!, l!]) > 0.05);
  });
});

describe('crops', () => {
  test('a rotated, mirrored crop samples the picture where fromCrop maps its pixels', async () => {
    const { cropTensor, fromCrop } = await import('./crop');
    const img = createRgbImage(200, 150);
    for (let y = 0; y < 150; y++)
      for (let x = 0; x < 200; x++) {
        const o = (y * 200 + x) * 3;
        img.data[o] = x;
        img.data[o + 1] = y;
        img.data[o + 2] = 50;
      }
    for (const mirrored of [false, true]) {
      const frame = { centre: { x: 100, y: 75 }, side: 64, angle: 0.3, mirrored };
      const t = cropTensor(img, frame, 32);
      for (const [i, j] of [
        [0, 0],
        [31, 0],
        [5, 20],
        [31, 31],
      ] as const) {
        const p = fromCrop(frame, 32, { x: i + 0.5, y: j + 0.5 });
        const o = (j * 32 + i) * 3;
        assert.ok(
          Math.abs(t[o]! * 255 - (p.x - 0.5)) < 0.6,
          `x at ${i},${j} mirrored=${mirrored}: ${t[o]! * 255} vs ${p.x - 0.5}`,
        );
        assert.ok(Math.abs(t[o + 1]! * 255 - (p.y - 0.5)) < 0.6, `y at ${i},${j}`);
      }
    }
  });
});

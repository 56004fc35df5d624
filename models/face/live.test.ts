import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BurstSelector, frameRank } from './burst';
import { DEFAULT_MANDATORY, DEFAULT_THRESHOLDS } from './config';
import { CRITERION_IDS, type CriterionId, type CriterionResult, type CriterionStatus } from './criteria/ids';
import { guidance } from './guidance';
import type { FaceReport, PortraitReport } from './report';

const FACE = { box: { x: 0, y: 0, width: 1, height: 1 } } as unknown as FaceReport;

/** A verdict where every criterion is ok except the given values (status from the default thresholds). */
function report(
  values: Partial<Record<CriterionId, number>> = {},
  face: FaceReport | null = FACE,
): PortraitReport {
  const criteria: CriterionResult[] = CRITERION_IDS.map((id) => {
    const threshold = DEFAULT_THRESHOLDS[id];
    const value = values[id];
    if (value === undefined)
      return { id, value: id === 'face_count' ? 1 : 0, threshold, status: 'ok' as CriterionStatus };
    const ok =
      (threshold.min === undefined || value >= threshold.min) &&
      (threshold.max === undefined || value <= threshold.max);
    return { id, value, threshold, status: ok ? 'ok' : 'nok' };
  });
  return { compliant: false, criteria, face, ms: 1 };
}

describe('guidance', () => {
  test('one instruction at a time, in priority order', () => {
    assert.equal(guidance(report({}, null)).code, 'no_face');
    assert.equal(guidance(report({ face_count: 2, head_size: 0.3 })).code, 'several_faces');
    // distance before position before pose before light
    assert.equal(
      guidance(report({ head_size: 0.4, centring_horizontal: 0.3, roll: 12, exposure: 20 })).message,
      'Rapprochez-vous',
    );
    assert.equal(guidance(report({ head_size: 0.95 })).message, 'Reculez un peu');
    assert.equal(guidance(report({ centring_horizontal: 0.3, roll: 12 })).code, 'move_left');
    assert.equal(guidance(report({ centring_horizontal: 0.7 })).code, 'move_right');
    assert.equal(guidance(report({ roll: -12, yaw: 9, exposure: 20 })).message, 'Redressez la tête');
    assert.equal(guidance(report({ yaw: -9 })).message, 'Tournez légèrement la tête vers la gauche');
    assert.equal(guidance(report({ yaw: 9 })).message, 'Tournez légèrement la tête vers la droite');
    assert.equal(guidance(report({ exposure: 20, sharpness: 0.9 })).message, 'Trop sombre');
    assert.equal(guidance(report({ exposure: 255 })).message, 'Trop lumineux');
    assert.equal(guidance(report({ sharpness: 0.9 })).code, 'hold_still');
    // pose before eyes and mouth, which come before light
    assert.equal(guidance(report({ yaw: 9, mouth_closed: 0.1 })).code, 'turn_right');
    assert.equal(guidance(report({ mouth_closed: 0.1, exposure: 20 })).message, 'Fermez la bouche');
    assert.equal(guidance(report({ eyes_open: 0.01, mouth_closed: 0.1 })).code, 'open_eyes');
    assert.equal(guidance(report({ expression: 0.1 })).message, 'Gardez une expression neutre, sans sourire');
    assert.equal(guidance(report({ gaze: 25 })).code, 'look_at_camera');
    assert.equal(guidance(report({ glasses_glare: 0.05 })).code, 'glasses_glare');
    assert.equal(guidance(report({ head_covering: 0.9 })).code, 'uncover_head');
    const ready = guidance(report());
    assert.equal(ready.code, 'ready');
    assert.equal(ready.criterion, null);
  });
  test('a not-assessed criterion gives no instruction', () => {
    const r = report();
    const criteria = r.criteria.map((c) =>
      c.id === 'pitch' ? { ...c, value: 30, status: 'not_assessed' as const } : c,
    );
    assert.equal(guidance({ ...r, criteria }).code, 'ready');
  });
});

describe('BurstSelector', () => {
  test('ranks by mandatory then optional criteria', () => {
    const [m, o] = frameRank(report({ roll: 20, yaw: 20 }));
    assert.equal(m, DEFAULT_MANDATORY.length - 1);
    assert.equal(o, CRITERION_IDS.length - DEFAULT_MANDATORY.length - 1);
  });
  test('keeps the best frame (latest on ties) and fires after the stability window', () => {
    const b = new BurstSelector<string>({ stableMs: 300, stableFrames: 3 });
    assert.equal(b.push({ report: report({ roll: 20 }), frame: 'tilted', at: 0 }), false);
    assert.equal(b.push({ report: report({ yaw: 20 }), frame: 'turned', at: 100 }), false);
    assert.equal(b.best()!.frame, 'turned');
    assert.equal(b.push({ report: report(), frame: 'good1', at: 200 }), false);
    assert.equal(b.push({ report: report(), frame: 'good2', at: 300 }), false);
    // a mandatory failure resets the stability window, not the best frame
    assert.equal(b.push({ report: report({ sharpness: 0.9 }), frame: 'blurred', at: 400 }), false);
    assert.equal(b.best()!.frame, 'good2');
    assert.equal(b.push({ report: report(), frame: 'good3', at: 500 }), false);
    assert.equal(b.push({ report: report(), frame: 'good4', at: 650 }), false);
    assert.equal(b.push({ report: report(), frame: 'good5', at: 800 }), true);
    assert.equal(b.best()!.frame, 'good5');
    b.reset();
    assert.equal(b.best(), undefined);
    assert.equal(b.ready(10_000), false);
  });
});
